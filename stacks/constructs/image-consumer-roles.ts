// The roles an account needs to receive its own copies of the factory's images: the one Image
// Builder assumes to copy an image in (and write its SSM parameter), and the one its lifecycle
// policies assume to deprecate and delete old copies. AWS fixes both names.
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import {
  accountRootArn,
  awsManagedPolicyArn,
  IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE,
  IMAGE_BUILDER_CROSS_ACCOUNT_LIFECYCLE_ROLE,
  imageBuilderServiceLinkedRoleArn,
} from '../../src/naming';
import { policyJson, sorted, type Statement } from './policy';

export interface ImageConsumerRolesProps {
  /** Provider for IAM (global). */
  readonly provider: AwsProvider;
  /** The image factory account: the only one trusted. */
  readonly factoryAccountId: string;
  /** Regions of the factory's keys the copies are decrypted and encrypted with (build and distribution regions). */
  readonly keyRegions: readonly string[];
  /** ARNs of the SSM parameters Image Builder writes in this account. */
  readonly parameterArns: readonly string[];
  /** Execution roles of the factory pipelines that copy images into this account (plain ARNs). */
  readonly pipelineExecutionRoleArns: readonly string[];
  /** Name of the distribution role's inline policy (factory keys, parameters). */
  readonly inlinePolicyName: string;
}

export class ImageConsumerRoles extends Construct {
  readonly distributionRole: IamRole;
  readonly lifecycleRole: IamRole;

  constructor(scope: Construct, id: string, props: ImageConsumerRolesProps) {
    super(scope, id);
    const provider = props.provider;
    const factory = props.factoryAccountId;

    // Image Builder in the factory account assumes this role as the execution role of each pipeline
    // that copies here. The service-linked role stays trusted too: the guide does not say which of
    // the two makes the cross-account call when a pipeline has an execution role, and both can only
    // act for Image Builder in the factory account.
    this.distributionRole = new IamRole(this, 'distribution-role', {
      provider,
      name: IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE,
      description: `Lets EC2 Image Builder in ${factory} copy images into this account`,
      assumeRolePolicy: policyJson([
        {
          Sid: 'ImageBuilderOfTheFactoryAccount',
          Effect: 'Allow',
          Principal: { AWS: accountRootArn(factory) },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [
                imageBuilderServiceLinkedRoleArn(factory),
                ...sorted(props.pipelineExecutionRoleArns),
              ],
            },
          },
        },
      ]),
    });
    new IamRolePolicyAttachmentsExclusive(this, 'distribution-managed-policies', {
      provider,
      roleName: this.distributionRole.name,
      policyArns: [awsManagedPolicyArn('Ec2ImageBuilderCrossAccountDistributionAccess')],
    });
    // The keys are created after this stack (the factory deploys last), so they are named by
    // account and region; the factory's key policies admit only this role.
    const statements: Statement[] = [
      {
        Sid: 'UseFactoryImageKeys',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: sorted(props.keyRegions).map((r) => `arn:aws:kms:${r}:${factory}:key/*`),
      },
      {
        Sid: 'GrantFactoryImageKeysToEc2',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: sorted(props.keyRegions).map((r) => `arn:aws:kms:${r}:${factory}:key/*`),
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
      },
    ];
    if (props.parameterArns.length) {
      statements.push({
        Sid: 'WriteImageParameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter'],
        Resource: sorted(props.parameterArns),
      });
    }
    new IamRolePolicy(this, 'distribution-policy', {
      provider,
      role: this.distributionRole.id,
      name: props.inlinePolicyName,
      policy: policyJson(statements),
    });

    this.lifecycleRole = new IamRole(this, 'lifecycle-role', {
      provider,
      name: IMAGE_BUILDER_CROSS_ACCOUNT_LIFECYCLE_ROLE,
      description: `Lets EC2 Image Builder lifecycle policies in ${factory} deprecate and delete copies in this account`,
      assumeRolePolicy: policyJson([
        {
          Sid: 'ImageBuilderLifecycleOfTheFactoryAccount',
          Effect: 'Allow',
          Principal: { Service: 'imagebuilder.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': factory },
            ArnLike: { 'aws:SourceArn': `arn:aws:imagebuilder:*:${factory}:image/*/*/*` },
          },
        },
      ]),
    });
    new IamRolePolicyAttachmentsExclusive(this, 'lifecycle-managed-policies', {
      provider,
      roleName: this.lifecycleRole.name,
      policyArns: [awsManagedPolicyArn('service-role/EC2ImageBuilderLifecycleExecutionPolicy')],
    });
  }
}
