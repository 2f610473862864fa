// Data Patchline writes outside S3 (notifications, patch logs) is encrypted with its own keys.
import { cmkProblem } from '../cmk';
import type { Rule } from '../types';

export const encryptionRules: Rule[] = [
  {
    id: 'PL-ENC-1',
    description: 'SNS topics and CloudWatch log groups are encrypted with a customer-managed KMS key of the stack, in their region',
    equivalents: { checkov: ['CKV_AWS_26', 'CKV_AWS_158'], trivy: ['AVD-AWS-0095', 'AVD-AWS-0136', 'AVD-AWS-0017'], securityHub: ['SNS.1'] },
    *check(stack) {
      for (const [type, attr, what] of [['aws_sns_topic', 'kms_master_key_id', 'the topic'], ['aws_cloudwatch_log_group', 'kms_key_id', 'the log group']] as const) {
        for (const [address, c] of stack.resources(type)) {
          const p = cmkProblem(stack, c[attr], stack.regionOf(c), what);
          if (p) yield { address, message: p.replace('has no kms_key_id', `has no ${attr}`) };
        }
      }
    },
  },
];
