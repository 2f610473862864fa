import { EvidenceBucket } from '../../stacks/constructs/evidence-bucket';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '333333333333';
const ORG = 'o-abc123def4';
const NAME = 'patchline-evidence-333333333333';
const BUCKET_ARN = `arn:aws:s3:::${NAME}`;

describe('EvidenceBucket', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new EvidenceBucket(stack, 'e', {
        provider,
        accountId: ACCOUNT,
        organizationId: ORG,
        bucketName: NAME,
        keyAlias: 'alias/patchline/evidence',
        syncPrefix: 'inventory',
        retentionDays: 400,
        objectLockMode: 'GOVERNANCE',
      }),
  );
  const key = out.one('aws_kms_key');

  test('the bucket is encrypted with its own key, which resource data syncs of the organization may use', () => {
    expect(
      out.one('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default
        .kms_master_key_id,
    ).toBe(out.ref('aws_kms_key', key, 'arn'));
    expect(out.one('aws_kms_alias').name).toBe('alias/patchline/evidence');
    expect(statements(key.policy).ResourceDataSyncOfTheOrganizationEncrypts).toEqual({
      Sid: 'ResourceDataSyncOfTheOrganizationEncrypts',
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'kms:GenerateDataKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceOrgID': ORG } },
    });
  });

  test('every version is write-once for the retention period and expires after it', () => {
    expect(out.one('aws_s3_bucket').object_lock_enabled).toBe(true);
    expect(out.one('aws_s3_bucket_object_lock_configuration').rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 400 },
    });
    const [rule] = out.one('aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule).toMatchObject({
      filter: [{ prefix: '' }],
      expiration: [{ days: 400 }],
      noncurrent_version_expiration: [{ noncurrent_days: 400 }],
    });
  });

  // "Configuring resource data sync for Inventory" (Systems Manager User Guide): the bucket policy it documents.
  test('SSM may check the ACL and write (bucket-owner-full-control) only below <prefix>/*/accountid=*/*, for the organization', () => {
    const s = statements(out.one('aws_s3_bucket_policy').policy);
    const objects = `${BUCKET_ARN}/inventory/*/accountid=*/*`;
    const ssm = { Service: 'ssm.amazonaws.com' };
    expect(s.SSMBucketPermissionsCheck).toMatchObject({
      Principal: ssm,
      Action: 's3:GetBucketAcl',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:SourceOrgID': ORG } },
    });
    expect(s.SSMBucketDelivery).toMatchObject({
      Principal: ssm,
      Action: 's3:PutObject',
      Resource: objects,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': ORG } },
    });
    expect(s.SSMBucketDeliveryTagging).toMatchObject({
      Principal: ssm,
      Action: 's3:PutObjectTagging',
      Resource: objects,
      Condition: { StringEquals: { 'aws:SourceOrgID': ORG } },
    });
    // The baseline TLS denials are still there.
    expect(s.DenyInsecureTransport.Effect).toBe('Deny');
  });
});
