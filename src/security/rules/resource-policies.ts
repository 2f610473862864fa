// Resource policies other than key policies: any principal only under an organization condition.
import type { Rule } from '../types';
import { wildcardPrincipalProblems } from './kms';

/** Resource types that carry a resource policy, and the attribute holding it. */
export const RESOURCE_POLICIES: readonly [string, string][] = [
  ['aws_s3_bucket_policy', 'policy'],
  ['aws_sns_topic', 'policy'],
  ['aws_sns_topic_policy', 'policy'],
  ['aws_sqs_queue', 'policy'],
  ['aws_sqs_queue_policy', 'policy'],
  ['aws_ecr_repository_policy', 'policy'],
  ['aws_cloudwatch_log_resource_policy', 'policy_document'],
  ['aws_cloudwatch_event_bus_policy', 'policy'],
];

export const resourcePolicyRules: Rule[] = [
  {
    id: 'PL-POL-1',
    description:
      'Bucket, topic, queue, repository, log and event bus resource policies allow "*" principals only under a condition confining them to the organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths) or to accounts of it (aws:PrincipalAccount)',
    equivalents: { checkov: ['CKV_AWS_70', 'CKV_AWS_169', 'CKV_AWS_168', 'CKV_AWS_32', 'CKV_AWS_283'] },
    note: 'Deny statements (such as the TLS-only bucket statement) may use "*" freely.',
    *check(stack) {
      for (const [type, attr] of RESOURCE_POLICIES) {
        for (const [address, c] of stack.resources(type)) {
          if (c[attr] === undefined) continue;
          yield* wildcardPrincipalProblems(address, c[attr], {
            orgId: stack.org?.id,
            accountIds: stack.org?.accountIds,
            principalAccount: true,
          });
        }
      }
    },
  },
];
