// The role and instance profile of Image Builder build and test instances: exactly the two AWS
// managed policies Image Builder documents, plus writing build logs and reading encrypted components.
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../../src/naming';
import { policyJson } from './policy';

/** The only managed policies the build instances carry. */
export const BUILD_INSTANCE_MANAGED_POLICIES = [
  'EC2InstanceProfileForImageBuilder',
  'AmazonSSMManagedInstanceCore',
] as const;

export interface BuildInstanceRoleProps {
  /** Provider for IAM (global). */
  readonly provider: AwsProvider;
  /** Role and instance profile name. */
  readonly name: string;
  /** ARN of the bucket build logs go to. */
  readonly logsBucketArn: string;
  /** Key prefixes the instances may write below (one per pipeline). */
  readonly logPrefixes: readonly string[];
  /** ARN of the key that encrypts the logs bucket and the components. */
  readonly kmsKeyArn: string;
  /** Name of the inline policy (log writes, key use). */
  readonly inlinePolicyName: string;
}

export class BuildInstanceRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  /** Instance profile name (a Terraform reference). */
  readonly instanceProfileName: string;

  constructor(scope: Construct, id: string, props: BuildInstanceRoleProps) {
    super(scope, id);
    const provider = props.provider;
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.name,
      description: 'Image Builder build and test instances',
      // EC2 assumes instance-profile roles without aws:SourceAccount; who may attach the
      // profile is decided by iam:PassRole in this account.
      assumeRolePolicy: policyJson([
        { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
    });
    // Exclusive: a managed policy attached out of band is detached at the next apply.
    new IamRolePolicyAttachmentsExclusive(this, 'managed-policies', {
      provider,
      roleName: this.role.name,
      policyArns: BUILD_INSTANCE_MANAGED_POLICIES.map((p) => awsManagedPolicyArn(p)),
    });
    new IamRolePolicy(this, 'logs-and-components', {
      provider,
      role: this.role.id,
      name: props.inlinePolicyName,
      policy: policyJson([
        {
          Sid: 'WriteBuildLogs',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [...props.logPrefixes].sort().map((p) => `${props.logsBucketArn}/${p}/*`),
        },
        {
          // SSE-KMS uploads need GenerateDataKey; encrypted component documents need Decrypt.
          Sid: 'UseFactoryKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.kmsKeyArn,
        },
      ]),
    });
    this.instanceProfile = new IamInstanceProfile(this, 'profile', {
      provider,
      name: props.name,
      role: this.role.name,
    });
    this.instanceProfileName = this.instanceProfile.name;
  }
}
