// Where patch runs write their logs in one account and region: a private S3 bucket and a CloudWatch log
// group, both encrypted with one customer-managed KMS key. Instances write with their own (the team's)
// instance-profile credentials, so the bucket and key policies grant that access to principals of the
// account itself; the bucket also holds BaselineOverride documents that instances read.
//
// Composes plain resources; the image factory's SecureBucket is the same idea, and the two should become one
// (this one needs a prefix-scoped lifecycle so documents below `documentPrefix` never expire).
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';

type Condition = Record<string, Record<string, string | boolean | readonly string[]>>;
interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS?: string; readonly Service?: string };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Condition;
}
const policyJson = (statements: readonly Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export interface PatchLogBucketProps {
  /** Provider of the bucket's account and region. */
  readonly provider: AwsProvider;
  /** The account that owns the bucket, the key and the instances that write to them. */
  readonly accountId: string;
  /** The organization ID; `*` principals in the key and bucket policies are also held to it. */
  readonly organizationId: string;
  /** Region of the bucket (for the KMS ViaService and log-group ARN conditions). */
  readonly region: string;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** KMS alias of the key, e.g. alias/patchline/patching. */
  readonly keyAlias: string;
  /** CloudWatch log group that Run Command output streams to. */
  readonly logGroupName: string;
  /** Days the log group keeps events; must be a value CloudWatch accepts. */
  readonly logGroupRetentionDays: number;
  /** Prefix instances write logs below; objects there expire after `logExpiryDays`. */
  readonly logPrefix: string;
  /** Days after which log objects (and replaced versions) are deleted. */
  readonly logExpiryDays: number;
  /** Prefix of documents instances read (BaselineOverride files); never expires. */
  readonly documentPrefix: string;
  /** Days a scheduled key deletion waits.
   * @default 30 */
  readonly keyDeletionWindowDays?: number;
}

/** A patch-log bucket, its log group and their key. */
export class PatchLogBucket extends Construct {
  /** Bucket name (a literal, known at synth time). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key ARN (a Terraform reference). */
  readonly keyArn: string;
  readonly logGroupName: string;
  private readonly provider: AwsProvider;
  private readonly documentPrefix: string;
  private readonly bucket: S3Bucket;
  private readonly encryption: S3BucketServerSideEncryptionConfigurationA;

  constructor(scope: Construct, id: string, props: PatchLogBucketProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    this.provider = provider;
    this.documentPrefix = props.documentPrefix;
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`;

    const key = new KmsKey(this, 'key', {
      provider,
      description: `Patchline patch logs (S3 ${props.bucketName}, CloudWatch ${props.logGroupName})`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: policyJson([
        {
          Sid: 'AccountAdministersTheKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          // Instances write logs and read override documents through S3 with their own credentials.
          Sid: 'AccountPrincipalsUseTheKeyThroughS3',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': accountId,
              'kms:ViaService': `s3.${region}.amazonaws.com`,
              'aws:PrincipalOrgID': props.organizationId,
            },
          },
        },
        {
          Sid: 'CloudWatchLogsEncryptsThePatchLogGroup',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
        },
      ]),
    });
    new KmsAlias(this, 'alias', { provider, name: props.keyAlias, targetKeyId: key.keyId });
    this.keyArn = key.arn;

    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: props.bucketName });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider, bucket,
      blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    // ACLs off: the account owns every object, whoever writes it; access is decided by policy alone.
    new S3BucketOwnershipControls(this, 'ownership', { provider, bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider, bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', { provider, bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider, bucket,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: props.logPrefix }],
          expiration: [{ days: props.logExpiryDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.logExpiryDays }],
        },
        {
          // Documents stay; only versions they replaced go.
          id: 'expire-replaced-documents',
          status: 'Enabled',
          filter: [{ prefix: props.documentPrefix }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
        },
        {
          id: 'abort-incomplete-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const all = [this.bucketArn, `${this.bucketArn}/*`];
    // Principals of this account (which are in the organization too: the org condition keeps the `*`
    // principal inside the organization for any reader that checks only that).
    const sameAccount: Condition = { StringEquals: { 'aws:PrincipalAccount': accountId, 'aws:PrincipalOrgID': props.organizationId } };
    new S3BucketPolicy(this, 'policy', {
      provider, bucket,
      policy: policyJson([
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: all, Condition: { Bool: { 'aws:SecureTransport': false } } },
        { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: all, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
        {
          // SSM Agent checks the bucket's encryption before it uploads command output.
          Sid: 'AccountPrincipalsReadEncryptionSettings',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetEncryptionConfiguration',
          Resource: this.bucketArn,
          Condition: sameAccount,
        },
        {
          Sid: 'AccountPrincipalsWriteLogs',
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:PutObject', 's3:PutObjectAcl'],
          Resource: `${this.bucketArn}/${props.logPrefix}*`,
          Condition: sameAccount,
        },
        {
          Sid: 'AccountPrincipalsReadDocuments',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${this.bucketArn}/${props.documentPrefix}*`,
          Condition: sameAccount,
        },
      ]),
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: props.logGroupName,
      retentionInDays: props.logGroupRetentionDays,
      kmsKeyId: key.arn,
    });
    this.logGroupName = logGroup.name;
  }

  /**
   * Writes a document below the document prefix (SSE-KMS with this bucket's key) and returns its
   * `s3://bucket/key` URL (the form SSM documents take for private buckets) as a Terraform expression.
   */
  addDocument(id: string, key: string, content: string): string {
    // Only the document prefix is readable by instances and exempt from expiry.
    if (!key.startsWith(this.documentPrefix)) throw new Error(`document ${key} is not below ${this.documentPrefix}`);
    const object = new S3Object(this, id, {
      provider: this.provider,
      bucket: this.bucket.id,
      key,
      content,
      contentType: 'application/json',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: this.keyArn,
      // The bucket policy and encryption must be in place before anything reads or writes objects.
      dependsOn: [this.encryption],
    });
    // Built from the object's attributes, so whatever reads the URL is created after the upload.
    return `s3://${object.bucket}/${object.key}`;
  }
}
