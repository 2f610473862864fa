// Data Patchline writes outside S3 (notifications, patch logs) is encrypted with its own keys.
import { cmkProblem } from '../cmk';
import { blocks } from '../stack';
import type { Rule } from '../types';

export const encryptionRules: Rule[] = [
  {
    id: 'PL-ENC-1',
    description:
      'SNS topics and CloudWatch log groups are encrypted with a customer-managed KMS key of the stack, in their region',
    equivalents: {
      checkov: ['CKV_AWS_26', 'CKV_AWS_158'],
      trivy: ['AVD-AWS-0095', 'AVD-AWS-0136', 'AVD-AWS-0017'],
      securityHub: ['SNS.1'],
    },
    *check(stack) {
      for (const [type, attr, what] of [
        ['aws_sns_topic', 'kms_master_key_id', 'the topic'],
        ['aws_cloudwatch_log_group', 'kms_key_id', 'the log group'],
      ] as const) {
        for (const [address, c] of stack.resources(type)) {
          const p = cmkProblem(stack, c[attr], stack.regionOf(c), what);
          if (p) yield { address, message: p.replace('has no kms_key_id', `has no ${attr}`) };
        }
      }
    },
  },
  {
    id: 'PL-ENC-2',
    description:
      'Firehose delivery streams are encrypted at rest with a customer-managed key of the stack, and write to S3 with one',
    equivalents: { checkov: ['CKV_AWS_240', 'CKV_AWS_241'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_kinesis_firehose_delivery_stream')) {
        const region = stack.regionOf(c);
        const sse = blocks(c.server_side_encryption)[0];
        if (!sse || (sse.enabled !== true && sse.enabled !== 'true') || sse.key_type !== 'CUSTOMER_MANAGED_CMK')
          yield { address, message: 'server_side_encryption is not enabled with key_type CUSTOMER_MANAGED_CMK' };
        else {
          const p = cmkProblem(stack, sse.key_arn, region, 'the stream');
          if (p) yield { address, message: p };
        }
        for (const s3 of blocks(c.extended_s3_configuration)) {
          const p = cmkProblem(stack, s3?.kms_key_arn, region, 'its S3 destination');
          if (p) yield { address, message: p.replace('has no kms_key_id', 'has no kms_key_arn') };
        }
      }
    },
  },
];
