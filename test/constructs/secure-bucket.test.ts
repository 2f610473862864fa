import { SecureBucket } from '../../stacks/constructs/secure-bucket';
import { statements, synthConstruct } from '../support/construct-harness';

const KEY = 'arn:aws:kms:ap-southeast-2:111111111111:key/11111111-2222-3333-4444-555555555555';
const BASE = { bucketName: 'patchline-test-bucket', kmsKeyArn: KEY, expiryDays: 90 };

const build = (extra: Partial<ConstructorParameters<typeof SecureBucket>[2]> = {}) =>
  synthConstruct((stack, provider) => new SecureBucket(stack, 'b', { provider, ...BASE, ...extra }));

describe('SecureBucket', () => {
  const out = build({
    statements: [
      {
        Sid: 'ServiceWrites',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::patchline-test-bucket/x/*',
      },
    ],
  });
  const bucket = out.one('aws_s3_bucket');
  const bucketId = out.ref('aws_s3_bucket', bucket, 'id');
  const arn = out.ref('aws_s3_bucket', bucket, 'arn');

  test('default encryption is SSE-KMS with the customer-managed key and an S3 bucket key', () => {
    const enc = out.one('aws_s3_bucket_server_side_encryption_configuration');
    expect(enc.bucket).toBe(bucketId);
    expect(enc.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY },
        bucket_key_enabled: true,
      },
    ]);
  });

  test('every public access block setting is on, ACLs are off, versioning is on', () => {
    expect(out.one('aws_s3_bucket_public_access_block')).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out.one('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(out.one('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
  });

  test('the policy denies plain HTTP and TLS below 1.2 on the bucket and its objects, then adds the given statements', () => {
    const policy = out.one('aws_s3_bucket_policy');
    expect(policy.bucket).toBe(bucketId);
    const s = statements(policy.policy);
    expect(s.DenyInsecureTransport).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': false } },
    });
    expect(s.DenyOutdatedTls).toEqual({
      Sid: 'DenyOutdatedTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    });
    expect(Object.keys(s)).toEqual(['DenyInsecureTransport', 'DenyOutdatedTls', 'ServiceWrites']);
  });

  test('without a prefix everything (current and noncurrent) expires after expiryDays', () => {
    expect(out.one('aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      {
        id: 'expire',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test('with a prefix only objects there expire; elsewhere only replaced versions do', () => {
    const rules = build({ expiryPrefix: 'logs/' }).one('aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({ id: 'expire', filter: [{ prefix: 'logs/' }], expiration: [{ days: 90 }] });
    expect(rules[1]).toMatchObject({
      id: 'expire-replaced',
      filter: [{ prefix: '' }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
    });
    expect(rules[1].expiration).toBeUndefined();
  });

  test('no Object Lock unless asked', () => {
    expect(bucket.object_lock_enabled).toBeUndefined();
    expect(out.all('aws_s3_bucket_object_lock_configuration')).toEqual([]);
  });

  test('Object Lock: enabled at creation, default retention after versioning is on', () => {
    const locked = build({ objectLock: { mode: 'COMPLIANCE', days: 400 } });
    expect(locked.one('aws_s3_bucket').object_lock_enabled).toBe(true);
    const lock = locked.one('aws_s3_bucket_object_lock_configuration');
    expect(lock.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 400 } });
    expect(lock.depends_on).toEqual([
      locked.address('aws_s3_bucket_versioning', locked.one('aws_s3_bucket_versioning')),
    ]);
  });
});
