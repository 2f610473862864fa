// Least privilege: no "*" actions, no writes on Resource "*" beyond what AWS requires, trust policies
// that name their principals, and no broad AWS-managed policies.
import { allowedOnWildcard } from '../allowlist';
import {
  actions,
  isAllow,
  isWildcard,
  label,
  parsePolicy,
  principalAccounts,
  principalValues,
  resources,
  type Statement,
} from '../policy';
import { accountProblem } from '../org';
import { blocks, strings, type StackView } from '../stack';
import type { Problem, Rule } from '../types';

/** Identity policies: [address, where in the resource, policy JSON]. */
function* identityPolicies(stack: StackView): Iterable<[string, string, unknown]> {
  for (const type of ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']) {
    for (const [address, c] of stack.resources(type)) yield [address, 'policy', c.policy];
  }
  for (const [address, c] of stack.resources('aws_iam_role')) {
    for (const p of blocks(c.inline_policy))
      if (p?.policy !== undefined) yield [address, `inline policy ${p.name ?? ''}`.trim(), p.policy];
  }
}

/** Read-only verbs: anything else (including wildcards like "ec2:*Tags") counts as a write. */
const READ = /^[a-z0-9-]+:(get|list|describe|head|batchget|batchdescribe|search|lookup|view|query|scan)[a-z0-9]*\*?$/;
const isRead = (action: string) => READ.test(action);

/** "*" as a whole action, or a whole service ("ec2:*"). */
const isServiceWildcard = (a: string) => /^[a-z0-9-]+:\*$/.test(a);
const allResources = (s: Statement) => resources(s).includes('*') || s.NotResource !== undefined;

function* forEachAllow(stack: StackView, fn: (s: Statement, i: number) => Iterable<string>): Iterable<Problem> {
  for (const [address, where, policy] of identityPolicies(stack)) {
    const parsed = parsePolicy(policy);
    if (parsed.error) {
      yield { address, message: `${where}: ${parsed.error}` };
      continue;
    }
    for (const [i, s] of parsed.statements.entries()) {
      if (!isAllow(s)) continue;
      for (const m of fn(s, i)) yield { address, message: `${where}: ${label(s, i)} ${m}` };
    }
  }
}

const BROAD_MANAGED =
  /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;

export const iamRules: Rule[] = [
  {
    id: 'PL-IAM-1',
    description: 'IAM policies never allow Action "*", NotAction, or a whole service ("svc:*") on Resource "*"',
    equivalents: {
      checkov: ['CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_49'],
      trivy: ['AVD-AWS-0057'],
      securityHub: ['IAM.1', 'IAM.21'],
    },
    check: (stack) =>
      forEachAllow(stack, function* (s) {
        const as = actions(s);
        if (as.includes('*')) yield 'allows Action "*"';
        if (s.NotAction !== undefined) yield 'allows NotAction, which grants every other action';
        const svc = as.filter(isServiceWildcard);
        if (svc.length && allResources(s)) yield `allows ${svc.join(', ')} on Resource "*"`;
      }),
  },
  {
    id: 'PL-IAM-2',
    description:
      'IAM policies allow write actions on Resource "*" only for actions AWS offers no resource-level permission for (a documented allow-list)',
    equivalents: { checkov: ['CKV_AWS_111', 'CKV_AWS_290', 'CKV_AWS_355', 'CKV_AWS_356'], trivy: ['AVD-AWS-0057'] },
    note: 'The allow-list (src/security/allowlist.ts) gives the reason for each action.',
    check: (stack) =>
      forEachAllow(stack, function* (s) {
        if (!allResources(s)) return;
        const writes = actions(s).filter(
          (a) => a !== '*' && !isServiceWildcard(a) && !isRead(a) && !allowedOnWildcard(a),
        );
        if (writes.length) yield `allows ${writes.join(', ')} on Resource "*"; scope it to ARNs`;
      }),
  },
  {
    id: 'PL-IAM-3',
    description:
      'Role trust policies name explicit principals: no "*" or wildcard ARNs, no NotPrincipal, and AWS principals only from the organization',
    equivalents: { checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_iam_role')) {
        const parsed = parsePolicy(c.assume_role_policy);
        if (parsed.error) {
          yield { address, message: `assume_role_policy: ${parsed.error}` };
          continue;
        }
        for (const [i, s] of parsed.statements.entries()) {
          if (!isAllow(s)) continue;
          if (s.NotPrincipal !== undefined) yield { address, message: `trust ${label(s, i)} uses NotPrincipal` };
          const values = principalValues(s.Principal);
          if (!values.length && s.NotPrincipal === undefined)
            yield { address, message: `trust ${label(s, i)} names no principal` };
          const wild = values.filter(isWildcard);
          if (wild.length)
            yield {
              address,
              message: `trust ${label(s, i)} lets ${wild.map((w) => `"${w}"`).join(', ')} assume the role`,
            };
          for (const id of principalAccounts(s.Principal)) {
            const p = accountProblem(stack, id);
            if (p) yield { address, message: `trust ${label(s, i)}: ${p}` };
          }
        }
      }
    },
  },
  {
    id: 'PL-IAM-4',
    description:
      'No role, user or group gets AdministratorAccess, PowerUserAccess or another AWS-managed *FullAccess policy',
    equivalents: { checkov: ['CKV_AWS_274'], securityHub: ['IAM.1'] },
    *check(stack) {
      const attached: [string, unknown][] = [];
      for (const type of [
        'aws_iam_role_policy_attachment',
        'aws_iam_user_policy_attachment',
        'aws_iam_group_policy_attachment',
        'aws_iam_policy_attachment',
      ]) {
        for (const [address, c] of stack.resources(type)) attached.push([address, c.policy_arn]);
      }
      for (const [address, c] of stack.resources('aws_iam_role'))
        for (const arn of strings(c.managed_policy_arns)) attached.push([address, arn]);
      for (const [address, c] of stack.resources('aws_iam_role_policy_attachments_exclusive'))
        for (const arn of strings(c.policy_arns)) attached.push([address, arn]);
      for (const [address, arn] of attached)
        if (BROAD_MANAGED.test(String(arn))) yield { address, message: `attaches ${arn}` };
    },
  },
];
