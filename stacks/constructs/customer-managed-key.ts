// A customer-managed KMS key with yearly rotation, an alias, and a key policy given as statements.
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { accountRootArn } from '../../src/naming';
import { policyJson, type Statement } from './policy';

export interface CustomerManagedKeyProps {
  /** Provider of the region (and account) the key lives in. */
  readonly provider: AwsProvider;
  /** Alias, e.g. alias/patchline/image-factory. */
  readonly alias: string;
  /** What the key protects. */
  readonly description: string;
  /** Account that owns the key; its root gets full control (delegation to IAM), as AWS's default policy does. */
  readonly accountId: string;
  /** Statements beyond the owner's. */
  readonly statements?: readonly Statement[];
  /** Days a scheduled deletion waits.
   * @default 30 */
  readonly deletionWindowInDays?: number;
}

export class CustomerManagedKey extends Construct {
  readonly key: KmsKey;
  /** The key ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const owner: Statement = {
      Sid: 'OwnerAccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(props.accountId) },
      Action: 'kms:*',
      Resource: '*',
    };
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyJson([owner, ...(props.statements ?? [])]),
    });
    new KmsAlias(this, 'alias', { provider: props.provider, name: props.alias, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
