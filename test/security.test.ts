// Security rules: each proven to catch its problem on a hand-made stack, each passing the good
// fixture, and all of them holding on every stack of every example profile (`patchline check` itself:
// e2e/security.test.ts).
import { writeFileSync } from 'fs';
import { join } from 'path';
import { checkOutput } from '../src/security/check';
import { checkStack, RULES } from '../src/security/rules';
import type { Finding } from '../src/security/types';
import { PROVIDER_KINDS, providerAddress, providerKind, qualifiedSource } from '../src/terraform/providers';
import { ACCOUNT, goodStack, keyPolicy, ORG, outWith, tlsOnly, trust } from './fixtures/security-stack';
import { exampleProfiles } from './support/profiles';
import { synth } from './support/synth';

const facts = { id: ORG.id, accountIds: new Set(ORG.accountIds), ouIds: new Set(ORG.ouIds) };

function run(json: any, opts: { text?: string; org?: boolean } = {}): Finding[] {
  return checkStack({
    name: 'fixture',
    json,
    text: opts.text ?? JSON.stringify(json, null, 2),
    accountId: ACCOUNT,
    org: opts.org === false ? undefined : facts,
  });
}

const R = (s: any) => s.resource;
const pol = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const dist = (s: any, i: number) =>
  R(s).aws_imagebuilder_distribution_configuration.dist.distribution[i].ami_distribution_configuration;
const rolePolicy = (s: any, ...Statement: object[]) => {
  R(s).aws_iam_role_policy.instance.policy = pol(...Statement);
};

interface Case {
  readonly rule: string;
  readonly title: string;
  readonly edit: (s: any) => void;
  /** The finding's message must match. */
  readonly message: RegExp;
  readonly text?: (s: any) => string;
}

const FAILING: Case[] = [
  {
    rule: 'PL-SHARE-1',
    title: 'public launch permission (user_groups all)',
    edit: (s) => {
      dist(s, 0).launch_permission.user_groups = ['all'];
    },
    message: /user group "all" makes the AMI public/,
  },
  {
    rule: 'PL-SHARE-1',
    title: 'launch permission to an account outside the organization',
    edit: (s) => {
      dist(s, 0).launch_permission.user_ids = ['999999999999'];
    },
    message: /account 999999999999 is not in organization o-fixture0001/,
  },
  {
    rule: 'PL-SHARE-1',
    title: 'launch permission to another organization',
    edit: (s) => {
      dist(s, 0).launch_permission.organization_arns = [
        'arn:aws:organizations::999999999999:organization/o-other00000',
      ];
    },
    message: /is not organization o-fixture0001/,
  },
  {
    rule: 'PL-SHARE-1',
    title: 'launch permission to an OU of no known organization',
    edit: (s) => {
      dist(s, 0).launch_permission.organizational_unit_arns = [
        `arn:aws:organizations::111111111111:ou/${ORG.id}/ou-fx01-zzzzzzzz`,
      ];
    },
    message: /is not an OU of organization/,
  },
  {
    rule: 'PL-SHARE-1',
    title: 'the second distribution copies outside the organization',
    edit: (s) => {
      dist(s, 1).target_account_ids = ['999999999999'];
    },
    message: /distribution ap-southeast-4: copies to account 999999999999/,
  },
  {
    rule: 'PL-SHARE-1',
    title: 'the AMI parameter written into an account outside the organization',
    edit: (s) => {
      R(
        s,
      ).aws_imagebuilder_distribution_configuration.dist.distribution[1].ssm_parameter_configuration[1].ami_account_id =
        '999999999999';
    },
    message: /writes parameter \/golden\/latest into account 999999999999/,
  },
  {
    rule: 'PL-SHARE-2',
    title: 'aws_ami_launch_permission group all',
    edit: (s) => {
      R(s).aws_ami_launch_permission.lp = { image_id: 'ami-0123456789abcdef0', group: 'all' };
    },
    message: /group "all" makes the AMI public/,
  },
  {
    rule: 'PL-SHARE-2',
    title: 'aws_ami_launch_permission to an outside account',
    edit: (s) => {
      R(s).aws_ami_launch_permission.lp.account_id = '999999999999';
    },
    message: /not in organization/,
  },
  {
    rule: 'PL-SHARE-3',
    title: 'public snapshot (account all)',
    edit: (s) => {
      R(s).aws_snapshot_create_volume_permission.snap.account_id = 'all';
    },
    message: /every AWS account \(public\)/,
  },
  {
    rule: 'PL-SHARE-3',
    title: 'snapshot shared outside the organization',
    edit: (s) => {
      R(s).aws_snapshot_create_volume_permission.snap.account_id = '999999999999';
    },
    message: /not in organization/,
  },
  {
    rule: 'PL-SHARE-4',
    title: 'SSM document shared with All',
    edit: (s) => {
      R(s).aws_ssm_document.doc.permissions.account_ids = 'All';
    },
    message: /"All" shares with every AWS account/,
  },
  {
    rule: 'PL-SHARE-4',
    title: 'SSM document shared outside the organization',
    edit: (s) => {
      R(s).aws_ssm_document.doc.permissions.account_ids = '333333333333, 999999999999';
    },
    message: /999999999999 is not in organization/,
  },
  {
    rule: 'PL-SHARE-5',
    title: 'RAM share open to external principals',
    edit: (s) => {
      R(s).aws_ram_resource_share.share.allow_external_principals = true;
    },
    message: /outside the organization/,
  },
  {
    rule: 'PL-SHARE-5',
    title: 'RAM share with an outside account',
    edit: (s) => {
      R(s).aws_ram_principal_association['assoc-ou'].principal = '999999999999';
    },
    message: /999999999999 is not in organization/,
  },
  {
    rule: 'PL-IMDS-1',
    title: 'IMDSv1 allowed on build instances',
    edit: (s) => {
      R(s).aws_imagebuilder_infrastructure_configuration.infra.instance_metadata_options.http_tokens = 'optional';
    },
    message: /http_tokens is "optional"/,
  },
  {
    rule: 'PL-IMDS-1',
    title: 'hop limit 2',
    edit: (s) => {
      R(s).aws_imagebuilder_infrastructure_configuration.infra.instance_metadata_options.http_put_response_hop_limit =
        2;
    },
    message: /hop_limit is 2; must be 1/,
  },
  {
    rule: 'PL-IMDS-1',
    title: 'no metadata options at all',
    edit: (s) => {
      delete R(s).aws_imagebuilder_infrastructure_configuration.infra.instance_metadata_options;
    },
    message: /no instance_metadata_options/,
  },
  {
    rule: 'PL-IMDS-2',
    title: 'launch template allowing IMDSv1',
    edit: (s) => {
      R(s).aws_launch_template.lt.metadata_options.http_tokens = 'optional';
    },
    message: /http_tokens is "optional"/,
  },
  {
    rule: 'PL-IB-1',
    title: 'component without a key',
    edit: (s) => {
      delete R(s).aws_imagebuilder_component.comp.kms_key_id;
    },
    message: /has no kms_key_id/,
  },
  {
    rule: 'PL-IB-1',
    title: 'component with an AWS-managed key',
    edit: (s) => {
      R(s).aws_imagebuilder_component.comp.kms_key_id = 'alias/aws/imagebuilder';
    },
    message: /AWS-managed key alias\/aws\/imagebuilder/,
  },
  {
    rule: 'PL-IB-1',
    title: 'component with a literal key ARN (not provably customer-managed)',
    edit: (s) => {
      R(s).aws_imagebuilder_component.comp.kms_key_id =
        'arn:aws:kms:ap-southeast-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    },
    message: /not a reference to a customer-managed aws_kms_key/,
  },
  {
    rule: 'PL-IB-2',
    title: 'unencrypted root volume',
    edit: (s) => {
      R(s).aws_imagebuilder_image_recipe.recipe.block_device_mapping[0].ebs.encrypted = false;
    },
    message: /\/dev\/xvda is not encrypted/,
  },
  {
    rule: 'PL-IB-2',
    title: 'root volume without a customer-managed key',
    edit: (s) => {
      delete R(s).aws_imagebuilder_image_recipe.recipe.block_device_mapping[0].ebs.kms_key_id;
    },
    message: /\/dev\/xvda has no kms_key_id/,
  },
  {
    rule: 'PL-IB-2',
    title: 'recipe with no block device mapping',
    edit: (s) => {
      delete R(s).aws_imagebuilder_image_recipe.recipe.block_device_mapping;
    },
    message: /inherits the parent image's encryption/,
  },
  {
    rule: 'PL-IB-2',
    title: 'recipe volume key in another region',
    edit: (s) => {
      R(s).aws_imagebuilder_image_recipe.recipe.block_device_mapping[0].ebs.kms_key_id = '${aws_kms_key.key-s4.arn}';
    },
    message: /is in ap-southeast-2 but its key aws_kms_key.key-s4 is in ap-southeast-4/,
  },
  {
    rule: 'PL-IB-3',
    title: 'second distribution without a key (not only the first is checked)',
    edit: (s) => {
      delete dist(s, 1).kms_key_id;
    },
    message: /AMI of distribution ap-southeast-4 has no kms_key_id/,
  },
  {
    rule: 'PL-IB-3',
    title: "second distribution with the first region's key",
    edit: (s) => {
      dist(s, 1).kms_key_id = '${aws_kms_key.key-s2.arn}';
    },
    message: /is in ap-southeast-4 but its key aws_kms_key.key-s2 is in ap-southeast-2/,
  },
  {
    rule: 'PL-IB-3',
    title: 'distribution without an AMI configuration',
    edit: (s) => {
      delete R(s).aws_imagebuilder_distribution_configuration.dist.distribution[1].ami_distribution_configuration;
    },
    message: /ap-southeast-4 has no kms_key_id/,
  },
  {
    rule: 'PL-IB-3',
    title: 'distribution with the AWS-managed EBS key',
    edit: (s) => {
      dist(s, 0).kms_key_id = 'alias/aws/ebs';
    },
    message: /AWS-managed key alias\/aws\/ebs/,
  },
  {
    rule: 'PL-IB-3',
    title: 'key reference to a key that is not in the stack',
    edit: (s) => {
      dist(s, 0).kms_key_id = '${aws_kms_key.elsewhere.arn}';
    },
    message: /aws_kms_key.elsewhere, which is not in this stack/,
  },
  {
    rule: 'PL-KMS-1',
    title: 'key rotation off',
    edit: (s) => {
      R(s).aws_kms_key['key-s4'].enable_key_rotation = false;
    },
    message: /enable_key_rotation is not true/,
  },
  {
    rule: 'PL-KMS-1',
    title: 'key rotation unset',
    edit: (s) => {
      delete R(s).aws_kms_key['key-s2'].enable_key_rotation;
    },
    message: /enable_key_rotation is not true/,
  },
  {
    rule: 'PL-KMS-2',
    title: '"*" principal without a condition',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        { Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
      ]);
    },
    message: /statement "Open" allows principal "\*" with no aws:PrincipalOrgID/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'a negated organization condition',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Neg',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG.id } },
        },
      ]);
    },
    message: /StringNotEquals on aws:PrincipalOrgID does not require/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'ForAllValues (true when the key is absent)',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'All',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG.id}/r-fx01/*`] } },
        },
      ]);
    },
    message: /ForAllValues:StringLike on aws:PrincipalOrgPaths/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'IfExists (true when the key is absent)',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'If',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG.id } },
        },
      ]);
    },
    message: /StringEqualsIfExists/,
  },
  {
    rule: 'PL-KMS-2',
    title: "another organization's ID",
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Other',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-someoneelse' } },
        },
      ]);
    },
    message: /"o-someoneelse" is not organization o-fixture0001/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'a wildcard organization ID',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Wild',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
        },
      ]);
    },
    message: /"o-\*" is not organization/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'an account wildcard ARN principal',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Roots',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::*:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ]);
    },
    message: /statement "Roots" allows principal "\*"/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'aws:PrincipalAccount is not an organization condition on a key',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Acct',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
        },
      ]);
    },
    message: /no aws:PrincipalOrgID or aws:PrincipalOrgPaths condition/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'Allow with NotPrincipal',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = keyPolicy([
        {
          Sid: 'Not',
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::222222222222:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ]);
    },
    message: /NotPrincipal/,
  },
  {
    rule: 'PL-KMS-2',
    title: 'a policy that is not literal JSON',
    edit: (s) => {
      R(s).aws_kms_key['key-s2'].policy = '${data.aws_iam_policy_document.key.json}';
    },
    message: /not literal JSON/,
  },
  {
    rule: 'PL-S3-1',
    title: 'no public access block',
    edit: (s) => {
      delete R(s).aws_s3_bucket_public_access_block;
    },
    message: /no aws_s3_bucket_public_access_block/,
  },
  {
    rule: 'PL-S3-1',
    title: 'restrict_public_buckets off',
    edit: (s) => {
      R(s).aws_s3_bucket_public_access_block.logs.restrict_public_buckets = false;
    },
    message: /leaves restrict_public_buckets off/,
  },
  {
    rule: 'PL-S3-1',
    title: 'a public access block for another bucket',
    edit: (s) => {
      R(s).aws_s3_bucket_public_access_block.logs.bucket = '${aws_s3_bucket.other.id}';
    },
    message: /no aws_s3_bucket_public_access_block/,
  },
  {
    rule: 'PL-S3-2',
    title: 'SSE-S3 instead of SSE-KMS',
    edit: (s) => {
      R(s).aws_s3_bucket_server_side_encryption_configuration.logs.rule[0].apply_server_side_encryption_by_default = {
        sse_algorithm: 'AES256',
      };
    },
    message: /default encryption is AES256/,
  },
  {
    rule: 'PL-S3-2',
    title: 'no default encryption',
    edit: (s) => {
      delete R(s).aws_s3_bucket_server_side_encryption_configuration;
    },
    message: /no aws_s3_bucket_server_side_encryption_configuration/,
  },
  {
    rule: 'PL-S3-3',
    title: 'versioning suspended',
    edit: (s) => {
      R(s).aws_s3_bucket_versioning.logs.versioning_configuration.status = 'Suspended';
    },
    message: /versioning is Suspended/,
  },
  {
    rule: 'PL-S3-3',
    title: 'no versioning',
    edit: (s) => {
      delete R(s).aws_s3_bucket_versioning;
    },
    message: /no aws_s3_bucket_versioning/,
  },
  {
    rule: 'PL-S3-4',
    title: 'no bucket policy',
    edit: (s) => {
      delete R(s).aws_s3_bucket_policy;
    },
    message: /plain-HTTP requests are not denied/,
  },
  {
    rule: 'PL-S3-4',
    title: 'TLS statement with the wrong condition value',
    edit: (s) => {
      R(s).aws_s3_bucket_policy.logs.policy = pol({
        ...tlsOnly('logs'),
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      });
    },
    message: /no statement denying s3:\*/,
  },
  {
    rule: 'PL-S3-4',
    title: 'TLS statement covering objects only, not the bucket',
    edit: (s) => {
      R(s).aws_s3_bucket_policy.logs.policy = pol({ ...tlsOnly('logs'), Resource: '${aws_s3_bucket.logs.arn}/*' });
    },
    message: /no statement denying/,
  },
  {
    rule: 'PL-S3-5',
    title: 'public-read ACL',
    edit: (s) => {
      R(s).aws_s3_bucket_acl = { logs: { bucket: '${aws_s3_bucket.logs.id}', acl: 'public-read' } };
    },
    message: /canned ACL public-read/,
  },
  {
    rule: 'PL-S3-5',
    title: 'grant to AllUsers',
    edit: (s) => {
      R(s).aws_s3_bucket_acl = {
        logs: {
          bucket: '${aws_s3_bucket.logs.id}',
          access_control_policy: {
            owner: { id: 'x' },
            grant: [
              {
                permission: 'READ',
                grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' },
              },
            ],
          },
        },
      };
    },
    message: /grants READ to .*AllUsers/,
  },
  {
    rule: 'PL-POL-1',
    title: 'bucket policy allowing "*" without a condition',
    edit: (s) => {
      R(s).aws_s3_bucket_policy.logs.policy = pol(tlsOnly('logs'), {
        Sid: 'Open',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '${aws_s3_bucket.logs.arn}/*',
      });
    },
    message: /statement "Open" allows principal "\*"/,
  },
  {
    rule: 'PL-POL-1',
    title: 'SNS topic policy open to any AWS account',
    edit: (s) => {
      R(s).aws_sns_topic.builds.policy = pol({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sns:Publish',
        Resource: '*',
      });
    },
    message: /statement 1 allows principal "\*"/,
  },
  {
    rule: 'PL-POL-1',
    title: 'bucket policy confining "*" to an account outside the organization',
    edit: (s) => {
      R(s).aws_s3_bucket_policy.logs.policy = pol(tlsOnly('logs'), {
        Sid: 'Acct',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: '${aws_s3_bucket.logs.arn}/*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } },
      });
    },
    message: /"999999999999" is not an account of the organization/,
  },
  {
    rule: 'PL-IAM-1',
    title: 'Action "*"',
    edit: (s) => rolePolicy(s, { Effect: 'Allow', Action: '*', Resource: '${aws_s3_bucket.logs.arn}' }),
    message: /allows Action "\*"/,
  },
  {
    rule: 'PL-IAM-1',
    title: 'a whole service on Resource "*"',
    edit: (s) => rolePolicy(s, { Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    message: /allows s3:\* on Resource "\*"/,
  },
  {
    rule: 'PL-IAM-1',
    title: 'NotAction',
    edit: (s) => rolePolicy(s, { Effect: 'Allow', NotAction: 'iam:*', Resource: '${aws_s3_bucket.logs.arn}' }),
    message: /NotAction/,
  },
  {
    rule: 'PL-IAM-1',
    title: 'Action "*" in an inline policy of a role',
    edit: (s) => {
      R(s).aws_iam_role.instance.inline_policy = [
        { name: 'x', policy: pol({ Effect: 'Allow', Action: ['*'], Resource: '*' }) },
      ];
    },
    message: /inline policy x: statement 1 allows Action "\*"/,
  },
  {
    rule: 'PL-IAM-2',
    title: 'a write action on Resource "*"',
    edit: (s) =>
      rolePolicy(s, { Sid: 'W', Effect: 'Allow', Action: ['s3:PutObject', 'ec2:DescribeImages'], Resource: '*' }),
    message: /statement "W" allows s3:putobject on Resource "\*"/,
  },
  {
    rule: 'PL-IAM-2',
    title: 'kms:Decrypt on every key',
    edit: (s) => rolePolicy(s, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['*'] }),
    message: /kms:decrypt on Resource "\*"/,
  },
  {
    rule: 'PL-IAM-2',
    title: 'a wildcard write (ec2:Create*) on Resource "*"',
    edit: (s) => rolePolicy(s, { Effect: 'Allow', Action: 'ec2:Create*', Resource: '*' }),
    message: /ec2:create\*/,
  },
  {
    rule: 'PL-IAM-2',
    title: 'iam:PassRole with NotResource',
    edit: (s) =>
      rolePolicy(s, { Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::222222222222:role/admin' }),
    message: /iam:passrole/,
  },
  {
    rule: 'PL-IAM-3',
    title: 'trust policy with Principal "*"',
    edit: (s) => {
      R(s).aws_iam_role.instance.assume_role_policy = trust('*' as never);
    },
    message: /lets "\*" assume the role/,
  },
  {
    rule: 'PL-IAM-3',
    title: 'trust policy with {"AWS": "*"}',
    edit: (s) => {
      R(s).aws_iam_role.instance.assume_role_policy = trust({ AWS: '*' });
    },
    message: /lets "\*" assume the role/,
  },
  {
    rule: 'PL-IAM-3',
    title: 'trust to an account outside the organization',
    edit: (s) => {
      R(s).aws_iam_role.cross.assume_role_policy = trust({ AWS: 'arn:aws:iam::999999999999:root' });
    },
    message: /999999999999 is not in organization/,
  },
  {
    rule: 'PL-IAM-3',
    title: 'trust policy with NotPrincipal',
    edit: (s) => {
      R(s).aws_iam_role.cross.assume_role_policy = pol({
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
      });
    },
    message: /NotPrincipal/,
  },
  {
    rule: 'PL-IAM-4',
    title: 'AdministratorAccess attached',
    edit: (s) => {
      R(s).aws_iam_role_policy_attachment.instance.policy_arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    },
    message: /attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
  },
  {
    rule: 'PL-IAM-4',
    title: 'a *FullAccess managed policy on a role',
    edit: (s) => {
      R(s).aws_iam_role.cross.managed_policy_arns.push('arn:aws:iam::aws:policy/AmazonS3FullAccess');
    },
    message: /AmazonS3FullAccess/,
  },
  {
    rule: 'PL-IAM-4',
    title: 'AdministratorAccess in an exclusive attachment set',
    edit: (s) => {
      R(s).aws_iam_role_policy_attachments_exclusive.instance.policy_arns.push(
        'arn:aws:iam::aws:policy/AdministratorAccess',
      );
    },
    message: /AdministratorAccess/,
  },
  {
    rule: 'PL-ENC-2',
    title: 'Firehose stream encrypted with an AWS-owned key',
    edit: (s) => {
      R(s).aws_kinesis_firehose_delivery_stream.findings.server_side_encryption.key_type = 'AWS_OWNED_CMK';
    },
    message: /not enabled with key_type CUSTOMER_MANAGED_CMK/,
  },
  {
    rule: 'PL-ENC-2',
    title: 'Firehose writing to S3 without a key',
    edit: (s) => {
      delete R(s).aws_kinesis_firehose_delivery_stream.findings.extended_s3_configuration.kms_key_arn;
    },
    message: /its S3 destination has no kms_key_arn/,
  },
  {
    rule: 'PL-POL-1',
    title: 'event bus policy letting any account put events',
    edit: (s) => {
      R(s).aws_cloudwatch_event_bus_policy = {
        bus: {
          provider: 'aws.ap-southeast-2',
          policy: pol({ Sid: 'Any', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: '*' }),
        },
      };
    },
    message: /statement "Any" allows principal "\*"/,
  },
  {
    rule: 'PL-ENC-1',
    title: 'unencrypted SNS topic',
    edit: (s) => {
      delete R(s).aws_sns_topic.builds.kms_master_key_id;
    },
    message: /the topic has no kms_master_key_id/,
  },
  {
    rule: 'PL-ENC-1',
    title: 'SNS topic with the AWS-managed key',
    edit: (s) => {
      R(s).aws_sns_topic.builds.kms_master_key_id = 'alias/aws/sns';
    },
    message: /AWS-managed key alias\/aws\/sns/,
  },
  {
    rule: 'PL-ENC-1',
    title: 'log group with a key of another region',
    edit: (s) => {
      R(s).aws_cloudwatch_log_group.patch.kms_key_id = '${aws_kms_key.key-s2.arn}';
    },
    message: /the log group is in ap-southeast-4 but its key aws_kms_key.key-s2 is in ap-southeast-2/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'provider without assume_role',
    edit: (s) => {
      delete s.provider.aws[1].assume_role;
    },
    message: /no assume_role/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'provider assuming a role in another account',
    edit: (s) => {
      s.provider.aws[0].assume_role[0].role_arn = 'arn:aws:iam::333333333333:role/PatchlineDeploy';
    },
    message: /assumes a role in 333333333333, but the stack deploys to 222222222222/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'provider without allowed_account_ids',
    edit: (s) => {
      delete s.provider.aws[0].allowed_account_ids;
    },
    message: /allowed_account_ids must be exactly/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'a provider taking credentials from a named profile',
    edit: (s) => {
      s.provider.aws[1].profile = 'admin';
    },
    message: /sets profile/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'an undeclared provider (awscc) with its own block',
    edit: (s) => {
      s.provider.awscc = [{ alias: 'ap-southeast-2', region: 'ap-southeast-2' }];
      s.terraform.required_providers.awscc = { source: 'hashicorp/awscc', version: '1.40.0' };
      R(s).awscc_s3_bucket = { b: { provider: 'awscc.ap-southeast-2', bucket_name: 'x' } };
    },
    message: /provider "awscc" is not declared in src\/terraform\/providers.ts/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'a resource of an undeclared provider with no block (Terraform configures it from the environment)',
    edit: (s) => {
      R(s).google_storage_bucket = { b: { name: 'x', location: 'AU' } };
    },
    message: /uses provider "google", which is not declared/,
  },
  {
    rule: 'PL-PROV-1',
    title: 'the aws local name from another source',
    edit: (s) => {
      s.terraform.required_providers.aws.source = 'someone/aws';
    },
    message: /source "someone\/aws" is not hashicorp\/aws/,
  },
  {
    rule: 'PL-CRED-1',
    title: 'static keys in a provider',
    edit: (s) => {
      Object.assign(s.provider.aws[0], { access_key: 'x', secret_key: 'y' });
    },
    message: /sets access_key, a credential/,
  },
  {
    rule: 'PL-CRED-1',
    title: 'a session token in the backend',
    edit: (s) => {
      s.terraform.backend.s3.token = 'FwoGZXIvYXdzE';
    },
    message: /sets token/,
  },
  {
    rule: 'PL-CRED-1',
    title: 'an access key ID in a tag',
    edit: (s) => {
      R(s).aws_s3_bucket.logs.tags = { note: 'AKIAIOSFODNN7EXAMPLE' };
    },
    message: /contains an AWS access key ID/,
  },
  {
    rule: 'PL-CRED-1',
    title: 'a private key in a document',
    edit: (s) => {
      R(s).aws_ssm_document.doc.content = '-----BEGIN RSA PRIVATE KEY-----\nMIIE...';
    },
    message: /contains a private key/,
  },
  {
    rule: 'PL-CRED-1',
    title: 'an IAM access key resource',
    edit: (s) => {
      R(s).aws_iam_access_key = { k: { user: 'ci' } };
    },
    message: /writes a long-term credential into state/,
  },
  {
    rule: 'PL-STATE-1',
    title: 'unencrypted S3 state',
    edit: (s) => {
      s.terraform.backend.s3.encrypt = false;
    },
    message: /encrypt is not true/,
  },
  {
    rule: 'PL-OUT-1',
    title: 'a logical ID written twice (JSON.parse would keep one silently)',
    edit: () => undefined,
    message: /key "logs" is written twice in resource.aws_s3_bucket/,
    text: (s) =>
      JSON.stringify(s, null, 2).replace(
        '"aws_s3_bucket": {\n',
        '"aws_s3_bucket": {\n      "logs": {"bucket": "shadowed"},\n',
      ),
  },
];

const PASSING: { title: string; edit: (s: any) => void; org?: boolean }[] = [
  {
    title: 'a key referenced through an aws_kms_alias of the stack',
    edit: (s) => {
      R(s).aws_imagebuilder_component.comp.kms_key_id = '${aws_kms_alias.alias-s2.arn}';
    },
  },
  {
    title: 'asymmetric keys (which cannot rotate) without rotation',
    edit: (s) => {
      R(s).aws_kms_key.sign = {
        provider: 'aws.ap-southeast-2',
        customer_master_key_spec: 'RSA_2048',
        key_usage: 'SIGN_VERIFY',
      };
    },
  },
  {
    title: '${...} references count as specific principals and accounts',
    edit: (s) => {
      R(s).aws_iam_role.instance.assume_role_policy = trust({ AWS: '${aws_iam_role.cross.arn}' });
      dist(s, 0).launch_permission.user_ids = ['${aws_iam_role.cross.unique_id}'];
    },
  },
  {
    title: 'bucket configuration matched by literal bucket name',
    edit: (s) => {
      R(s).aws_s3_bucket_versioning.logs.bucket = R(s).aws_s3_bucket.logs.bucket;
    },
  },
  {
    title: 'the TLS statement naming the bucket by literal ARN',
    edit: (s) => {
      const name = R(s).aws_s3_bucket.logs.bucket;
      R(s).aws_s3_bucket_policy.logs.policy = pol({
        ...tlsOnly('logs'),
        Principal: { AWS: '*' },
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: { Bool: { 'aws:SecureTransport': false } },
      });
    },
  },
  {
    title: 'an allow-listed write on Resource "*" and read actions on "*"',
    edit: (s) =>
      rolePolicy(s, {
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData', 'ec2:Describe*', 's3:ListAllMyBuckets'],
        Resource: '*',
      }),
  },
  {
    title: 'a bucket policy confining "*" to an account of the organization (aws:PrincipalAccount)',
    edit: (s) => {
      R(s).aws_s3_bucket_policy.logs.policy = pol(tlsOnly('logs'), {
        Sid: 'Acct',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: '${aws_s3_bucket.logs.arn}/logs/*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      });
    },
  },
  {
    title: 'a Deny statement with "*" everything',
    edit: (s) => rolePolicy(s, { Effect: 'Deny', Action: '*', Resource: '*' }),
  },
  {
    title: 'without organization facts, membership cannot be judged (shape still is)',
    org: false,
    edit: (s) => {
      dist(s, 0).launch_permission.user_ids = ['999999999999'];
    },
  },
];

describe('the good fixture', () => {
  test('passes every rule', () => {
    expect(run(goodStack())).toEqual([]);
  });

  test.each(PASSING)('still passes with $title', ({ edit, org }) => {
    const s = goodStack();
    edit(s);
    expect(run(s, { org })).toEqual([]);
  });
});

describe('each rule catches its problem (and only that rule fires)', () => {
  test.each(FAILING)('$rule: $title', ({ rule, edit, message, text }) => {
    const s = goodStack();
    edit(s);
    const findings = run(s, { text: text?.(s) });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.rule)).toEqual(findings.map(() => rule));
    expect(findings.map((f) => f.message).join('\n')).toMatch(message);
    expect(findings.every((f) => f.stack === 'fixture' && f.address.length > 0)).toBe(true);
  });

  test('every rule has at least one failing case', () => {
    expect([...new Set(FAILING.map((c) => c.rule))].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test('public sharing is caught even without organization facts', () => {
    const s = goodStack();
    dist(s, 0).launch_permission.user_groups = ['all'];
    R(s).aws_ssm_document.doc.permissions.account_ids = 'All';
    expect(run(s, { org: false }).map((f) => f.rule)).toEqual(['PL-SHARE-1', 'PL-SHARE-4']);
  });
});

describe('provider kinds (src/terraform/providers.ts)', () => {
  const MGMT = '111111111111';
  const org = { ...facts, managementAccountId: MGMT };
  const aws = (account: string, role?: boolean) => ({
    alias: 'ap-southeast-2',
    region: 'ap-southeast-2',
    allowed_account_ids: [account],
    ...(role ? { assume_role: [{ role_arn: `arn:aws:iam::${account}:role/PatchlineDeploy` }] } : {}),
  });
  const stack = (account: string, provider: object) => ({
    provider,
    resource: { aws_sns_topic: { t: { provider: 'aws.ap-southeast-2', name: 'x' } } },
  });
  const prov = (json: any, accountId: string, ambient = false) =>
    checkStack({ name: 's', json, accountId, ambient, org })
      .filter((f) => f.rule === 'PL-PROV-1')
      .map((f) => `${f.address}: ${f.message}`);

  test('an undeclared provider is reported, even where ambient credentials are allowed for aws', () => {
    // The management stack marked ambient: its aws provider may go without assume_role, a google one may not.
    const json = stack(MGMT, { aws: [aws(MGMT)], google: [{ project: 'p', region: 'australia-southeast1' }] });
    expect(prov(json, MGMT, true)).toEqual([
      'provider.google: provider "google" is not declared in src/terraform/providers.ts, so check cannot tell how it authenticates (it may run on ambient credentials)',
    ]);
    // A second AWS-like provider without assume_role, in a member account: reported, while the declared aws one passes.
    const member = stack(ACCOUNT, {
      aws: [aws(ACCOUNT, true)],
      awscc: { alias: 'ap-southeast-2', region: 'ap-southeast-2' },
    });
    expect(prov(member, ACCOUNT)).toEqual([
      expect.stringMatching(/^provider.awscc.ap-southeast-2: provider "awscc" is not declared/),
    ]);
  });

  test('a declared provider without assume_role on a stack not marked ambient is still reported, in every block', () => {
    const json = stack(MGMT, { aws: [aws(MGMT, true), { ...aws(MGMT), alias: 'us-east-1', region: 'us-east-1' }] });
    expect(prov(json, MGMT)).toEqual([
      "provider.aws.us-east-1: no assume_role: the provider would use the caller's own credentials",
    ]);
    expect(prov(json, MGMT, true)).toEqual([]);
  });
});

describe('rules as data', () => {
  test('unique IDs, a description, and equivalents or a note saying why there are none', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^PL-[A-Z0-9]+-\d+$/);
      expect(r.description.length).toBeGreaterThan(20);
      const eq = [
        ...(r.equivalents.checkov ?? []),
        ...(r.equivalents.trivy ?? []),
        ...(r.equivalents.securityHub ?? []),
      ];
      if (!eq.length) expect(r.note).toBeTruthy();
      for (const c of r.equivalents.checkov ?? []) expect(c).toMatch(/^CKV2?_(AWS|SECRET)_\d+$/);
      for (const t of r.equivalents.trivy ?? []) expect(t).toMatch(/^(AVD-AWS-\d{4}|[a-z-]+)$/);
    }
  });
});

describe('every stack of every example profile', () => {
  test.each(exampleProfiles().map((p) => [p.split('/').slice(-2).join('/'), p]))('%s: no findings', (_, profile) => {
    const s = synth(profile);
    const r = checkOutput(s.out);
    expect(r.stacks).toEqual(s.names);
    expect(r.findings).toEqual([]);
    // What cdktf writes is what src/terraform/providers.ts declares (source and exact version included).
    for (const name of s.names) {
      const { provider, terraform } = s.stack(name);
      expect(Object.keys(provider).filter((n) => !providerKind(n))).toEqual([]);
      for (const [n, req] of Object.entries<any>(terraform.required_providers)) {
        expect([n, qualifiedSource(req.source), req.version]).toEqual([
          n,
          providerAddress(providerKind(n)!),
          providerKind(n)!.version,
        ]);
      }
    }
    expect(PROVIDER_KINDS.length).toBeGreaterThan(0);
  });
});

describe('patchline check', () => {
  test('credentials in any other file of the output are findings too', () => {
    const out = outWith(goodStack());
    writeFileSync(join(out, 'stacks', 'fixture', 'notes.txt'), 'key AKIAIOSFODNN7EXAMPLE');
    expect(checkOutput(out).findings).toEqual([
      {
        rule: 'PL-CRED-1',
        stack: '(output)',
        address: 'stacks/fixture/notes.txt',
        message: 'contains an AWS access key ID',
      },
    ]);
  });
});
