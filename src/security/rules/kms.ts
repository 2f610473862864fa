// Customer-managed keys rotate, and their policies let "*" in only under an organization condition.
import { hasWildcardPrincipal, isAllow, label, orgConditionProblem, parsePolicy, type Confinement } from '../policy';
import type { StackView } from '../stack';
import type { Problem, Rule } from '../types';

/** Key policies: on aws_kms_key itself or a separate aws_kms_key_policy. */
function* keyPolicies(stack: StackView): Iterable<[string, unknown]> {
  for (const [address, c] of stack.resources('aws_kms_key')) if (c.policy !== undefined) yield [address, c.policy];
  for (const [address, c] of stack.resources('aws_kms_key_policy')) yield [address, c.policy];
}

/** Allow statements open to any principal must carry an organization condition; NotPrincipal never. */
export function* wildcardPrincipalProblems(
  address: string,
  policy: unknown,
  confinement: Confinement,
): Iterable<Problem> {
  const parsed = parsePolicy(policy);
  if (parsed.error) {
    yield { address, message: parsed.error };
    return;
  }
  for (const [i, s] of parsed.statements.entries()) {
    if (!isAllow(s)) continue;
    if (s.NotPrincipal !== undefined) {
      yield { address, message: `${label(s, i)} allows with NotPrincipal, which grants everyone not listed` };
      continue;
    }
    if (!hasWildcardPrincipal(s)) continue;
    const p = orgConditionProblem(s, confinement);
    if (p) yield { address, message: `${label(s, i)} allows principal "*" with ${p}` };
  }
}

export const kmsRules: Rule[] = [
  {
    id: 'PL-KMS-1',
    description: 'Customer-managed KMS keys rotate automatically (enable_key_rotation = true)',
    equivalents: { checkov: ['CKV_AWS_7'], trivy: ['AVD-AWS-0065'], securityHub: ['KMS.4'] },
    note: 'Asymmetric and HMAC keys cannot rotate and are exempt.',
    *check(stack) {
      for (const [address, c] of stack.resources('aws_kms_key')) {
        const spec = c.customer_master_key_spec ?? c.key_spec ?? 'SYMMETRIC_DEFAULT';
        if (spec !== 'SYMMETRIC_DEFAULT') continue;
        if (c.enable_key_rotation !== true && c.enable_key_rotation !== 'true')
          yield { address, message: 'enable_key_rotation is not true' };
      }
    },
  },
  {
    id: 'PL-KMS-2',
    description:
      'Key policies give "*" principals access only under an aws:PrincipalOrgID or aws:PrincipalOrgPaths condition naming this organization',
    equivalents: { checkov: ['CKV_AWS_33'] },
    note: 'CKV_AWS_33 rejects every wildcard principal; sharing AMIs with an organization or OU needs one, so ours requires the organization condition instead (with a positive operator, not IfExists/ForAllValues, which pass when the key is absent).',
    *check(stack) {
      for (const [address, policy] of keyPolicies(stack))
        yield* wildcardPrincipalProblems(address, policy, { orgId: stack.org?.id });
    },
  },
];
