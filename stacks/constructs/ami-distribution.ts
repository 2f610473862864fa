// Where a pipeline's images go: one customer-managed key per distribution region, and the Image
// Builder distribution configuration that copies, encrypts, shares and publishes each image.
//
// Sharing is only ever with the organization, its OUs or its accounts: there is no way to pass
// `user_groups` (public) through these props.
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import {
  accountRootArn,
  autoScalingServiceLinkedRoleArn,
  IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE,
  roleArn,
} from '../../src/naming';
import { CustomerManagedKey } from './customer-managed-key';
import { IMAGE_KEY_ACTIONS } from './pipeline-execution-role';
import { sorted, type Statement } from './policy';

/** Who may launch the images. */
export interface AmiConsumers {
  /** The organization: its ID (aws:PrincipalOrgID) and ARN (launch permission). */
  readonly organization?: { readonly id: string; readonly arn: string };
  /** OUs: ARN (launch permission) and aws:PrincipalOrgPaths value (o-.../r-.../ou-.../). */
  readonly organizationalUnits?: readonly { readonly arn: string; readonly path: string }[];
  /** Account IDs. */
  readonly accountIds?: readonly string[];
}

export interface AmiDistributionProps {
  /** Provider of each distribution region (keys live there). */
  readonly providers: ReadonlyMap<string, AwsProvider>;
  /** Provider of the build region (the distribution configuration lives there). */
  readonly buildProvider: AwsProvider;
  /** Account that builds and owns the images and keys. */
  readonly factoryAccountId: string;
  /** Name of the distribution configuration. */
  readonly name: string;
  /** Name of the output AMIs; include {{ imagebuilder:buildDate }} so every build's is unique. */
  readonly amiName: string;
  /** Regions the image is copied to. */
  readonly regions: readonly string[];
  /** Alias of the key in every region. */
  readonly keyAlias: string;
  /** Who may launch the shared images.
   * @default nobody outside the factory account */
  readonly sharedWith?: AmiConsumers;
  /** The pipeline's execution role (a plain ARN: the key policy names it by aws:PrincipalArn, so it may not exist yet). */
  readonly executionRoleArn: string;
  /** Accounts that receive their own copy (each has the cross-account distribution role).
   * @default none */
  readonly copyTo?: readonly string[];
  /** SSM parameter written with the new AMI ID in every region: in the factory account, and in each copyTo account for its copy.
   * @default none */
  readonly parameter?: { readonly name: string; readonly factoryDataType: 'text' | 'aws:ec2:image' };
  /** Tags on the output AMIs.
   * @default none */
  readonly amiTags?: Readonly<Record<string, string>>;
  /** What the images are. */
  readonly description: string;
}

/** KMS actions a principal needs to launch an instance from an AMI encrypted with the key. */
export const LAUNCH_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
/** What a consumer account's grant may give its Auto Scaling service-linked role (as AWS documents for encrypted volumes). */
export const AUTO_SCALING_GRANT_OPERATIONS = [
  'CreateGrant',
  'Decrypt',
  'DescribeKey',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
];
const ANY_AUTO_SCALING_ROLE =
  'arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';

/**
 * Key policy statements letting consumers launch from images encrypted with the key: the org
 * (aws:PrincipalOrgID), OUs (aws:PrincipalOrgPaths) or accounts (their roots), each with
 * - direct use of the key to launch instances (EC2 uses it through a grant for the volume), and
 * - kms:CreateGrant for their own AWSServiceRoleForAutoScaling only: a service-linked role cannot
 *   get IAM permissions for another account's key, so AWS documents that the consumer account
 *   creates a grant for it (kms create-grant --grantee-principal <its autoscaling role>).
 */
export function consumerKeyStatements(c: AmiConsumers): Statement[] {
  const out: Statement[] = [];
  const kinds: {
    sid: string;
    principal: Statement['Principal'];
    scope?: Statement['Condition'];
    grantees: string | string[];
  }[] = [];
  if (c.organization) {
    kinds.push({
      sid: 'Organization',
      principal: '*',
      scope: { StringEquals: { 'aws:PrincipalOrgID': c.organization.id } },
      grantees: ANY_AUTO_SCALING_ROLE,
    });
  }
  if (c.organizationalUnits?.length) {
    const paths = sorted(c.organizationalUnits.map((ou) => `${ou.path}*`));
    kinds.push({
      sid: 'OrganizationalUnits',
      principal: '*',
      scope: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': paths } },
      grantees: ANY_AUTO_SCALING_ROLE,
    });
  }
  if (c.accountIds?.length) {
    const ids = sorted(c.accountIds);
    kinds.push({
      sid: 'Accounts',
      principal: { AWS: ids.map((a) => accountRootArn(a)) },
      grantees: ids.map((a) => autoScalingServiceLinkedRoleArn(a)),
    });
  }
  for (const k of kinds) {
    const cond = (extra: Statement['Condition']) => ({ ...k.scope, ...extra });
    out.push(
      {
        Sid: `${k.sid}LaunchInstances`,
        Effect: 'Allow',
        Principal: k.principal,
        Action: LAUNCH_ACTIONS,
        Resource: '*',
        ...(k.scope ? { Condition: k.scope } : {}),
      },
      {
        Sid: `${k.sid}GrantToEc2ForVolumes`,
        Effect: 'Allow',
        Principal: k.principal,
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: cond({ Bool: { 'kms:GrantIsForAWSResource': true } }),
      },
      {
        Sid: `${k.sid}GrantToAutoScaling`,
        Effect: 'Allow',
        Principal: k.principal,
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: cond({
          [typeof k.grantees === 'string' ? 'StringLike' : 'StringEquals']: { 'kms:GranteePrincipal': k.grantees },
          'ForAllValues:StringEquals': { 'kms:GrantOperations': AUTO_SCALING_GRANT_OPERATIONS },
        }),
      },
    );
  }
  return out;
}

/**
 * Key policy statements for the EC2ImageBuilderDistributionCrossAccountRole of each copyTo
 * account: Image Builder copies the image as that role, decrypting with the source key and
 * re-encrypting with the region's key, so it needs both (the role's own policy grants the rest).
 */
export function crossAccountDistributionStatements(accountIds: readonly string[]): Statement[] {
  if (!accountIds.length) return [];
  const ids = sorted(accountIds);
  const principal = { AWS: ids.map((a) => accountRootArn(a)) };
  const onlyTheRole = {
    ArnEquals: { 'aws:PrincipalArn': ids.map((a) => roleArn(a, IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE)) },
  };
  return [
    {
      Sid: 'CrossAccountDistributionCopies',
      Effect: 'Allow',
      Principal: principal,
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: onlyTheRole,
    },
    {
      Sid: 'CrossAccountDistributionGrantsToEc2',
      Effect: 'Allow',
      Principal: principal,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...onlyTheRole, Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  ];
}

/**
 * Key policy statements for the pipeline's execution role, which creates, encrypts and copies the
 * images with the key (named by aws:PrincipalArn: only that role of the owner account).
 */
export function executionRoleKeyStatements(ownerAccountId: string, executionRoleArn: string): Statement[] {
  const principal = { AWS: accountRootArn(ownerAccountId) };
  const onlyTheRole = { ArnEquals: { 'aws:PrincipalArn': executionRoleArn } };
  return [
    {
      Sid: 'PipelineExecutionRoleEncryptsImages',
      Effect: 'Allow',
      Principal: principal,
      Action: IMAGE_KEY_ACTIONS,
      Resource: '*',
      Condition: onlyTheRole,
    },
    {
      Sid: 'PipelineExecutionRoleGrantsToEc2',
      Effect: 'Allow',
      Principal: principal,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...onlyTheRole, Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  ];
}

export class AmiDistribution extends Construct {
  /** Key ARN by region (Terraform references). */
  readonly keyArns: ReadonlyMap<string, string>;
  readonly configuration: ImagebuilderDistributionConfiguration;
  /** Distribution configuration ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AmiDistributionProps) {
    super(scope, id);
    const shared = props.sharedWith ?? {};
    const copyTo = sorted(props.copyTo ?? []);
    const regions = sorted(props.regions);
    // Copies are encrypted with the same key, so copyTo accounts launch with it like consumers.
    const consumers: AmiConsumers = { ...shared, accountIds: sorted([...(shared.accountIds ?? []), ...copyTo]) };
    const statements = [
      ...executionRoleKeyStatements(props.factoryAccountId, props.executionRoleArn),
      ...consumerKeyStatements(consumers),
      ...crossAccountDistributionStatements(copyTo),
    ];

    const keyArns = new Map<string, string>();
    for (const region of regions) {
      // A missing provider would put the key in the default provider's region, silently.
      const provider = props.providers.get(region);
      if (!provider) throw new Error(`${props.name}: no provider for distribution region ${region}`);
      const key = new CustomerManagedKey(this, `key-${region}`, {
        provider,
        alias: props.keyAlias,
        description: `Encrypts ${props.name} images in ${region}`,
        accountId: props.factoryAccountId,
        statements,
      });
      keyArns.set(region, key.arn);
    }
    this.keyArns = keyArns;

    const launchPermission =
      shared.organization || shared.organizationalUnits?.length || shared.accountIds?.length
        ? {
            organizationArns: shared.organization ? [shared.organization.arn] : undefined,
            organizationalUnitArns: shared.organizationalUnits?.length
              ? sorted(shared.organizationalUnits.map((o) => o.arn))
              : undefined,
            userIds: shared.accountIds?.length ? sorted(shared.accountIds) : undefined,
          }
        : undefined;
    const p = props.parameter;
    this.configuration = new ImagebuilderDistributionConfiguration(this, 'configuration', {
      provider: props.buildProvider,
      name: props.name,
      description: props.description,
      distribution: regions.map((region) => ({
        region,
        amiDistributionConfiguration: {
          name: props.amiName,
          description: props.description,
          kmsKeyId: keyArns.get(region)!,
          amiTags: props.amiTags,
          launchPermission,
          targetAccountIds: copyTo.length ? copyTo : undefined,
        },
        ssmParameterConfiguration: p
          ? [
              { parameterName: p.name, dataType: p.factoryDataType },
              ...copyTo.map((a) => ({ parameterName: p.name, amiAccountId: a, dataType: 'aws:ec2:image' })),
            ]
          : undefined,
      })),
    });
    this.arn = this.configuration.arn;
  }
}
