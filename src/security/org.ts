// Is a sharing target inside the organization? Account IDs, organization ARNs and OU ARNs, checked
// against the organization in stacks.json when the output carries it, by shape otherwise.
import { isInterpolated } from './stack';
import type { StackView } from './stack';

/** Why `id` is not an account of the organization, or undefined when it is. */
export function accountProblem(stack: StackView, id: unknown): string | undefined {
  const v = String(id);
  if (isInterpolated(v)) return undefined;
  if (v.toLowerCase() === 'all') return `"${v}" shares with every AWS account (public)`;
  if (!/^\d{12}$/.test(v)) return `"${v}" is not an account ID`;
  if (stack.org && !stack.org.accountIds.has(v)) return `account ${v} is not in organization ${stack.org.id}`;
  return undefined;
}

/** Why `arn` is not this organization's ARN. */
export function orgArnProblem(stack: StackView, arn: unknown): string | undefined {
  const v = String(arn);
  if (isInterpolated(v)) return undefined;
  const m = /^arn:aws[a-z-]*:organizations::(\d{12}):organization\/(o-[a-z0-9]+)$/.exec(v);
  if (!m) return `"${v}" is not an organization ARN`;
  if (stack.org && m[2] !== stack.org.id) return `"${v}" is not organization ${stack.org.id}`;
  return undefined;
}

/** Why `arn` is not an OU of this organization. */
export function ouArnProblem(stack: StackView, arn: unknown): string | undefined {
  const v = String(arn);
  if (isInterpolated(v)) return undefined;
  const m = /^arn:aws[a-z-]*:organizations::(\d{12}):ou\/(o-[a-z0-9]+)\/(ou-[a-z0-9]+-[a-z0-9]+)$/.exec(v);
  if (!m) return `"${v}" is not an organizational unit ARN`;
  if (stack.org && (m[2] !== stack.org.id || !stack.org.ouIds.has(m[3])))
    return `"${v}" is not an OU of organization ${stack.org.id}`;
  return undefined;
}

/** Any principal RAM accepts: account ID, organization ARN or OU ARN. */
export function principalProblem(stack: StackView, principal: unknown): string | undefined {
  const v = String(principal);
  if (/:organization\//.test(v)) return orgArnProblem(stack, v);
  if (/:ou\//.test(v)) return ouArnProblem(stack, v);
  return accountProblem(stack, v);
}
