// Amazon Inspector findings, delivered continuously into the evidence bucket: an EventBridge rule on
// "Inspector2 Finding" events → an encrypted Firehose delivery stream → S3 (GZIP, one object per buffer, below
// a date-partitioned prefix, each event on its own line). Inspector deletes closed findings after 30 days (3 days
// when the resource is gone) ("Understanding Amazon Inspector findings", Amazon Inspector User Guide), so
// only this stream keeps the history an assessor asks for.
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { INSPECTOR_FINDING_PATTERN } from './event-patterns';
import { ServiceRole } from './service-role';

export interface FindingsDeliveryProps {
  /** Provider of the stream's (and bucket's) region. */
  readonly provider: AwsProvider;
  /** Provider for IAM. */
  readonly globalProvider: AwsProvider;
  readonly accountId: string;
  readonly region: string;
  readonly bucketName: string;
  /** Customer-managed key of the bucket; it also encrypts the stream at rest. */
  readonly keyArn: string;
  /** Prefix Firehose writes below (no trailing slash). */
  readonly prefix: string;
  readonly streamName: string;
  readonly ruleName: string;
  readonly firehoseRoleName: string;
  readonly eventsRoleName: string;
}

export class FindingsDelivery extends Construct {
  readonly streamArn: string;

  constructor(scope: Construct, id: string, props: FindingsDeliveryProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const streamArn = `arn:aws:firehose:${region}:${accountId}:deliverystream/${props.streamName}`;
    // Firehose's S3 permissions ("Grant Firehose access to an Amazon S3 destination", Amazon Data Firehose
    // Developer Guide), narrowed to the findings prefix, and the bucket key through S3 only.
    const firehoseRole = new ServiceRole(this, 'firehose-role', {
      provider: props.globalProvider,
      name: props.firehoseRoleName,
      service: 'firehose.amazonaws.com',
      accountId,
      policyName: props.firehoseRoleName,
      statements: [
        {
          Sid: 'FindBucket',
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: bucketArn,
        },
        {
          Sid: 'WriteFindings',
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Resource: `${bucketArn}/${props.prefix}/*`,
        },
        {
          Sid: 'EncryptThroughS3',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.keyArn,
          Condition: {
            StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${bucketArn}/${props.prefix}/*` },
          },
        },
      ],
    });
    const stream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      provider,
      name: props.streamName,
      destination: 'extended_s3',
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.keyArn },
      extendedS3Configuration: {
        bucketArn,
        roleArn: firehoseRole.arn,
        prefix: `${props.prefix}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        errorOutputPrefix: `${props.prefix}-errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        bufferingInterval: 300,
        bufferingSize: 5,
        compressionFormat: 'GZIP',
        kmsKeyArn: props.keyArn,
        // One event per line (EventBridge records otherwise arrive concatenated).
        processingConfiguration: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord' }] },
      },
    });
    this.streamArn = stream.arn;
    const eventsRole = new ServiceRole(this, 'events-role', {
      provider: props.globalProvider,
      name: props.eventsRoleName,
      service: 'events.amazonaws.com',
      accountId,
      policyName: props.eventsRoleName,
      statements: [
        {
          Sid: 'PutFindingsOnTheStream',
          Effect: 'Allow',
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          Resource: streamArn,
        },
      ],
    });
    const rule = new CloudwatchEventRule(this, 'rule', {
      provider,
      name: props.ruleName,
      description: 'Every Amazon Inspector finding event, to the evidence bucket',
      eventPattern: JSON.stringify(INSPECTOR_FINDING_PATTERN),
    });
    new CloudwatchEventTarget(this, 'target', {
      provider,
      rule: rule.name,
      targetId: 'firehose',
      arn: stream.arn,
      roleArn: eventsRole.arn,
    });
  }
}
