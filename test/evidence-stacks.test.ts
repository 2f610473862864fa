// Observed-evidence collection: the evidence stack in the Inspector delegated admin (Acme, unchanged profile),
// the syncs and failure forwarding in patching accounts, and the profile switches.
import { loadProfile } from '../src/profile/load';
import { layoutStacks } from '../src/model/layout';
import { ACME, AS_OF, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { synth } from './support/synth';

const ORG = 'o-7x2kq9p4mz';
const AUDIT = '222222222222';
const BUCKET = `patchline-evidence-${AUDIT}-ap-southeast-2`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const one = (rs: [string, any][]) => {
  expect(rs).toHaveLength(1);
  return rs[0][1];
};
const statements = (policy: string) => JSON.parse(policy).Statement as any[];

describe('acme: evidence stack in the Inspector delegated admin', () => {
  const s = synth(ACME);
  const E = 'audit-evidence';

  test('the stack exists with no profile change, deploys before every patching stack', () => {
    expect(s.names).toContain(E);
    const specs = layoutStacks(loadModel(ACME));
    const patching = specs.filter((x) => x.concern === 'patching');
    expect(patching.length).toBeGreaterThan(0);
    for (const p of patching) expect(p.dependsOn).toEqual([`${AUDIT}/evidence`]);
    expect(specs.find((x) => x.concern === 'image-factory')!.dependsOn).toContain(`${AUDIT}/evidence`);
  });

  test('bucket: Object Lock with default retention = lifecycle expiry (400 days), SSE-KMS with its own key, versioned, private', () => {
    const bucket = one(s.resources(E, 'aws_s3_bucket'));
    expect(bucket).toMatchObject({ bucket: BUCKET, object_lock_enabled: true, provider: 'aws.ap-southeast-2' });
    const lock = one(s.resources(E, 'aws_s3_bucket_object_lock_configuration'));
    expect(lock.rule.default_retention).toEqual({ mode: 'GOVERNANCE', days: 400 });
    const life = one(s.resources(E, 'aws_s3_bucket_lifecycle_configuration'));
    expect(life.rule[0].expiration[0].days).toBe(400);
    expect(life.rule[0].noncurrent_version_expiration[0].noncurrent_days).toBe(400);
    const sse = one(s.resources(E, 'aws_s3_bucket_server_side_encryption_configuration'));
    expect(sse.rule[0].apply_server_side_encryption_by_default).toMatchObject({ sse_algorithm: 'aws:kms' });
    expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(
      /^\$\{aws_kms_key\.evidence_key_.*\.arn\}$/,
    );
    expect(one(s.resources(E, 'aws_s3_bucket_versioning')).versioning_configuration.status).toBe('Enabled');
    expect(one(s.resources(E, 'aws_s3_bucket_public_access_block'))).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('bucket policy: Systems Manager writes only sync objects, only for the organization, with bucket-owner-full-control; TLS only', () => {
    const st = statements(one(s.resources(E, 'aws_s3_bucket_policy')).policy);
    const put = st.find((x) => x.Action === 's3:PutObject');
    expect(put).toEqual({
      Sid: 'SSMBucketDelivery',
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/ssm/*/accountid=*/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': ORG } },
    });
    // Every Allow is a service principal held to the organization: nobody else gets a grant from the bucket.
    for (const x of st.filter((y) => y.Effect === 'Allow')) {
      expect(x.Principal).toEqual({ Service: 'ssm.amazonaws.com' });
      expect(x.Condition.StringEquals['aws:SourceOrgID']).toBe(ORG);
    }
    expect(st.find((x) => x.Sid === 'DenyInsecureTransport')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': false } },
    });
  });

  test('key policy: ssm may only generate data keys, for the organization', () => {
    const keys = s.resources(E, 'aws_kms_key');
    const evidenceKey = keys.find(([id]) => id.startsWith('evidence_key'))![1];
    expect(evidenceKey.enable_key_rotation).toBe(true);
    const ssm = statements(evidenceKey.policy).find((x) => x.Principal?.Service === 'ssm.amazonaws.com');
    expect(ssm).toMatchObject({
      Action: 'kms:GenerateDataKey',
      Condition: { StringEquals: { 'aws:SourceOrgID': ORG } },
    });
  });

  test('Inspector findings: rule on Inspector2 Finding → CMK-encrypted Firehose → the bucket below inspector/, role limited to that prefix', () => {
    const rule = s
      .resources(E, 'aws_cloudwatch_event_rule')
      .find(([, r]) => r.name === 'patchline-inspector-findings')![1];
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
    });
    const stream = one(s.resources(E, 'aws_kinesis_firehose_delivery_stream'));
    expect(stream.server_side_encryption).toMatchObject({ enabled: true, key_type: 'CUSTOMER_MANAGED_CMK' });
    expect(stream.extended_s3_configuration).toMatchObject({ bucket_arn: BUCKET_ARN, compression_format: 'GZIP' });
    expect(stream.extended_s3_configuration.prefix).toMatch(/^inspector\//);
    const firehosePolicy = s
      .resources(E, 'aws_iam_role_policy')
      .find(([id]) => id.startsWith('findings_firehose-role'))![1];
    const st = statements(firehosePolicy.policy);
    expect(st.find((x) => x.Sid === 'WriteFindings').Resource).toBe(`${BUCKET_ARN}/inspector/*`);
    for (const x of st) expect(x.Action).not.toContain('*');
    const trust = s.resources(E, 'aws_iam_role').map(([, r]) => JSON.parse(r.assume_role_policy).Statement[0]);
    for (const t of trust) expect(t.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': AUDIT } });
  });

  test('failure alerts: one rule for failed/timed-out window tasks, failed associations and failed image builds → encrypted topic emailing the notification address', () => {
    const rule = s.resources(E, 'aws_cloudwatch_event_rule').find(([, r]) => r.name === 'patchline-failures')![1];
    const p = JSON.parse(rule.event_pattern).$or;
    expect(p).toContainEqual({
      source: ['aws.ssm'],
      'detail-type': ['Maintenance Window Task Execution State-change Notification'],
      detail: { status: ['FAILED', 'TIMED_OUT'] },
    });
    expect(p).toContainEqual({
      source: ['aws.ssm'],
      'detail-type': ['EC2 State Manager Instance Association State Change'],
      detail: { status: ['Failed'] },
    });
    expect(p).toContainEqual({
      source: ['aws.imagebuilder'],
      'detail-type': ['EC2 Image Builder Image State Change'],
      detail: { state: { status: ['FAILED'] } },
    });
    const topic = one(s.resources(E, 'aws_sns_topic'));
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.alerts_key_.*\.arn\}$/);
    expect(one(s.resources(E, 'aws_sns_topic_subscription')).endpoint).toBe('platform-alerts@acme.example');
    const bus = statements(one(s.resources(E, 'aws_cloudwatch_event_bus_policy')).policy)[0];
    expect(bus).toMatchObject({
      Principal: '*',
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
  });

  test('the other region forwards findings and failures to the home bus', () => {
    const fwd = s.resources(E, 'aws_cloudwatch_event_target').filter(([, t]) => t.provider === 'aws.ap-southeast-4');
    expect(fwd.map(([, t]) => t.arn)).toEqual([`arn:aws:events:ap-southeast-2:${AUDIT}:event-bus/default`]);
  });

  test('each patching account: a JsonSerDe resource data sync per region into the evidence bucket, failures forwarded with a PutEvents-only role', () => {
    const P = 'payments-prod-patching';
    const syncs = s.resources(P, 'aws_ssm_resource_data_sync').map(([, r]) => r);
    expect(syncs.map((r) => r.provider).sort()).toEqual(['aws.ap-southeast-2', 'aws.ap-southeast-4']);
    for (const r of syncs)
      expect(r.s3_destination).toEqual({
        bucket_name: BUCKET,
        region: 'ap-southeast-2',
        prefix: 'ssm',
        sync_format: 'JsonSerDe',
      });
    const role = s
      .resources(P, 'aws_iam_role_policy')
      .find(([, r]) => r.name === 'patchline-forward-failures-patching')![1];
    expect(statements(role.policy)).toEqual([
      {
        Sid: 'PutEventsOnTheEvidenceBus',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:ap-southeast-2:${AUDIT}:event-bus/default`,
      },
    ]);
    const fwd = s
      .resources(P, 'aws_cloudwatch_event_rule')
      .find(([, r]) => r.name === 'patchline-forward-failures-patching')![1];
    expect(JSON.stringify(JSON.parse(fwd.event_pattern))).not.toContain('imagebuilder');
  });
});

describe('evidence profile switches', () => {
  test('enabled: false removes the stack and the syncs', () => {
    const file = editedCopy(ACME, (t) =>
      replaceOnce(t, 'imageFactory:\n', 'evidence:\n  enabled: false\n\nimageFactory:\n'),
    );
    const s = synth(file);
    expect(s.names.some((n) => n.endsWith('-evidence'))).toBe(false);
    expect(s.resources('payments-prod-patching', 'aws_ssm_resource_data_sync')).toEqual([]);
  });

  test('another account and retention: the bucket moves there, with COMPLIANCE mode', () => {
    const file = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        'imageFactory:\n',
        'evidence:\n  account: shared-services\n  retentionDays: 730\n  objectLockMode: COMPLIANCE\n\nimageFactory:\n',
      ),
    );
    const s = synth(file);
    const lock = one(s.resources('shared-services-evidence', 'aws_s3_bucket_object_lock_configuration'));
    expect(lock.rule.default_retention).toEqual({ mode: 'COMPLIANCE', days: 730 });
    // The factory account is the evidence account: it forwards nothing to itself.
    expect(
      s
        .resources('shared-services-image-factory', 'aws_cloudwatch_event_rule')
        .filter(([, r]) => r.name.startsWith('patchline-forward-failures')),
    ).toEqual([]);
  });

  test('an unknown evidence account is a positioned error', () => {
    const file = editedCopy(ACME, (t) =>
      replaceOnce(t, 'imageFactory:\n', 'evidence:\n  account: audti\n\nimageFactory:\n'),
    );
    const r = loadProfile(file, { asOf: AS_OF });
    expect(r.model).toBeUndefined();
    const d = r.diagnostics.find((x) => x.path === 'evidence.account')!;
    expect(d.message).toMatch(/unknown account "audti".*audit/);
    expect(d.line).toBeGreaterThan(0);
  });
});
