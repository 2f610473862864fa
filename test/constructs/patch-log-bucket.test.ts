import { TerraformOutput } from 'cdktf';
import { PatchLogBucket } from '../../stacks/constructs/patch-log-bucket';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '444444444444';
const ORG = 'o-abc123def4';
const REGION = 'ap-southeast-2';
const NAME = 'patchline-patch-logs-444444444444-ap-southeast-2';
const ARN = `arn:aws:s3:::${NAME}`;
const PROPS = {
  accountId: ACCOUNT,
  organizationId: ORG,
  region: REGION,
  bucketName: NAME,
  keyAlias: 'alias/patchline/patching',
  logGroupName: '/patchline/patching',
  logGroupRetentionDays: 365,
  logPrefix: 'logs/',
  logExpiryDays: 180,
  documentPrefix: 'documents/',
};

describe('PatchLogBucket', () => {
  let bucket!: PatchLogBucket;
  const out = synthConstruct((stack, provider) => {
    bucket = new PatchLogBucket(stack, 'p', { provider, ...PROPS });
    // An output resolves the returned URL the way a reader (the maintenance task) would see it.
    new TerraformOutput(stack, 'url', { value: bucket.addDocument('override', 'documents/expedite.json', '{"a":1}') });
  });
  const key = out.one('aws_kms_key');
  const keyArn = out.ref('aws_kms_key', key, 'arn');
  const sameAccount = { StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalOrgID': ORG } };

  test('one key encrypts both the bucket and the log group', () => {
    expect(
      out.one('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: keyArn });
    expect(out.one('aws_cloudwatch_log_group')).toMatchObject({
      name: '/patchline/patching',
      retention_in_days: 365,
      kms_key_id: keyArn,
    });
    expect(key.deletion_window_in_days).toBe(30);
  });

  test('account principals use the key only through S3 in this region; CloudWatch Logs only for this log group', () => {
    const s = statements(key.policy);
    expect(s.AccountPrincipalsUseTheKeyThroughS3).toMatchObject({
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: {
        StringEquals: {
          'kms:CallerAccount': ACCOUNT,
          'kms:ViaService': `s3.${REGION}.amazonaws.com`,
          'aws:PrincipalOrgID': ORG,
        },
      },
    });
    expect(s.CloudWatchLogsEncryptsThePatchLogGroup).toMatchObject({
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/patchline/patching`,
        },
      },
    });
  });

  test('account principals read the encryption settings, write below the log prefix, read below the document prefix', () => {
    const s = statements(out.one('aws_s3_bucket_policy').policy);
    expect(s.AccountPrincipalsReadEncryptionSettings).toMatchObject({
      Principal: '*',
      Action: 's3:GetEncryptionConfiguration',
      Resource: ARN,
      Condition: sameAccount,
    });
    expect(s.AccountPrincipalsWriteLogs).toMatchObject({
      Principal: '*',
      Action: ['s3:PutObject', 's3:PutObjectAcl'],
      Resource: `${ARN}/logs/*`,
      Condition: sameAccount,
    });
    expect(s.AccountPrincipalsReadDocuments).toMatchObject({
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${ARN}/documents/*`,
      Condition: sameAccount,
    });
  });

  test('logs expire after logExpiryDays; documents never do (only replaced versions go)', () => {
    const rules = out.one('aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.map((r: any) => [r.id, r.filter[0].prefix, r.expiration?.[0].days])).toEqual([
      ['expire', 'logs/', 180],
      ['expire-replaced', '', undefined],
    ]);
  });

  test('addDocument writes SSE-KMS with the bucket key, after default encryption, and returns its s3:// URL', () => {
    const obj = out.one('aws_s3_object');
    expect(obj).toMatchObject({
      key: 'documents/expedite.json',
      content: '{"a":1}',
      server_side_encryption: 'aws:kms',
      kms_key_id: keyArn,
    });
    const enc = out.one('aws_s3_bucket_server_side_encryption_configuration');
    expect(obj.depends_on).toEqual([out.address('aws_s3_bucket_server_side_encryption_configuration', enc)]);
    // Built from the object's attributes, so whatever reads the URL waits for the upload.
    expect(out.json.output.url.value).toBe(
      `s3://${out.ref('aws_s3_object', obj, 'bucket')}/${out.ref('aws_s3_object', obj, 'key')}`,
    );
    expect(bucket.bucketArn).toBe(ARN);
  });

  test('addDocument refuses a key outside the document prefix (it would expire and be unreadable)', () => {
    expect(() =>
      synthConstruct((stack, provider) => {
        new PatchLogBucket(stack, 'p', { provider, ...PROPS }).addDocument('bad', 'logs/expedite.json', '{}');
      }),
    ).toThrow('document logs/expedite.json is not below documents/');
  });

  test('the key deletion window can be shortened', () => {
    const short = synthConstruct(
      (stack, provider) => new PatchLogBucket(stack, 'p', { provider, ...PROPS, keyDeletionWindowDays: 7 }),
    );
    expect(short.one('aws_kms_key').deletion_window_in_days).toBe(7);
  });
});

// Override documents inside the expiring log prefix would expire with the logs: refused.
test('a document prefix inside the expiring log prefix is refused', () => {
  expect(() =>
    synthConstruct((stack, provider) => new PatchLogBucket(stack, 'p', { provider, ...PROPS, logPrefix: '' })),
  ).toThrow();
});
