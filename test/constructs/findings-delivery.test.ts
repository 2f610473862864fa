import { INSPECTOR_FINDING_PATTERN } from '../../stacks/constructs/event-patterns';
import { FindingsDelivery } from '../../stacks/constructs/findings-delivery';
import { regionProvider, statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '333333333333';
const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc`;
const BUCKET = 'patchline-evidence-333333333333';
const STREAM_ARN = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/patchline-findings`;

describe('FindingsDelivery', () => {
  const out = synthConstruct(
    (stack, globalProvider) =>
      new FindingsDelivery(stack, 'd', {
        provider: regionProvider(stack, REGION),
        globalProvider,
        accountId: ACCOUNT,
        region: REGION,
        bucketName: BUCKET,
        keyArn: KEY,
        prefix: 'inspector-findings',
        streamName: 'patchline-findings',
        ruleName: 'patchline-findings',
        firehoseRoleName: 'patchline-findings-firehose',
        eventsRoleName: 'patchline-findings-events',
      }),
    'us-east-1',
  );
  const firehoseRole = out.all('aws_iam_role').find((r) => r.name === 'patchline-findings-firehose');
  const eventsRole = out.all('aws_iam_role').find((r) => r.name === 'patchline-findings-events');
  const policyOf = (role: any) =>
    out.all('aws_iam_role_policy').find((p) => p.role === out.ref('aws_iam_role', role, 'id')).policy;
  const stream = out.one('aws_kinesis_firehose_delivery_stream');

  test("roles are global (default provider); stream, rule and target are in the bucket's region", () => {
    for (const r of out.all('aws_iam_role')) expect(r.provider).toBe('aws');
    for (const t of [
      'aws_kinesis_firehose_delivery_stream',
      'aws_cloudwatch_event_rule',
      'aws_cloudwatch_event_target',
    ]) {
      expect(out.one(t).provider).toBe(`aws.${REGION}`);
    }
  });

  test('Firehose (for this account) may write only below the prefix and use the key only through S3 there', () => {
    expect(statements(firehoseRole.assume_role_policy).ServiceForThisAccount).toMatchObject({
      Principal: { Service: 'firehose.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    const s = statements(policyOf(firehoseRole));
    expect(s.FindBucket.Resource).toBe(`arn:aws:s3:::${BUCKET}`);
    expect(s.WriteFindings).toMatchObject({
      Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::${BUCKET}/inspector-findings/*`,
    });
    expect(s.EncryptThroughS3).toMatchObject({
      Resource: KEY,
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${BUCKET}/inspector-findings/*` },
      },
    });
  });

  test('the stream is encrypted with the bucket key and writes GZIP, one event per line, date-partitioned', () => {
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: KEY });
    expect(stream.extended_s3_configuration).toMatchObject({
      bucket_arn: `arn:aws:s3:::${BUCKET}`,
      role_arn: out.ref('aws_iam_role', firehoseRole, 'arn'),
      kms_key_arn: KEY,
      prefix: 'inspector-findings/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/',
      compression_format: 'GZIP',
      processing_configuration: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord' }] },
    });
    expect(stream.extended_s3_configuration.error_output_prefix).toMatch(/^inspector-findings-errors\//);
  });

  test('EventBridge (for this account) may put records on this stream only; the rule sends every finding there', () => {
    expect(statements(eventsRole.assume_role_policy).ServiceForThisAccount.Principal).toEqual({
      Service: 'events.amazonaws.com',
    });
    expect(JSON.parse(policyOf(eventsRole)).Statement).toEqual([
      {
        Sid: 'PutFindingsOnTheStream',
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: STREAM_ARN,
      },
    ]);
    expect(stream.name).toBe('patchline-findings'); // the ARN above is built from this name
    expect(JSON.parse(out.one('aws_cloudwatch_event_rule').event_pattern)).toEqual(INSPECTOR_FINDING_PATTERN);
    expect(out.one('aws_cloudwatch_event_target')).toMatchObject({
      arn: out.ref('aws_kinesis_firehose_delivery_stream', stream, 'arn'),
      role_arn: out.ref('aws_iam_role', eventsRole, 'arn'),
    });
  });
});
