// An IAM role a service assumes on behalf of one account (confused-deputy guard: aws:SourceAccount), with
// one inline policy.
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyJson, type Statement } from './policy';

export interface ServiceRoleProps {
  /** Provider for IAM (the stack's global provider). */
  readonly provider: AwsProvider;
  /** Role name. */
  readonly name: string;
  /** Service principal that assumes the role, e.g. firehose.amazonaws.com. */
  readonly service: string;
  /** The account the service acts for (aws:SourceAccount in the trust policy). */
  readonly accountId: string;
  /** Inline policy name. */
  readonly policyName: string;
  /** What the role may do. */
  readonly statements: readonly Statement[];
}

export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** Role ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.name,
      assumeRolePolicy: policyJson([
        {
          Sid: 'ServiceForThisAccount',
          Effect: 'Allow',
          Principal: { Service: props.service },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ]),
    });
    this.arn = this.role.arn;
    new IamRolePolicy(this, 'policy', {
      provider: props.provider,
      role: this.role.id,
      name: props.policyName,
      policy: policyJson(props.statements),
    });
  }
}
