import { NotificationTopic } from '../../stacks/constructs/notification-topic';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '111111111111';
const KEY = 'arn:aws:kms:ap-southeast-2:111111111111:key/abc';
const PUBLISHER = 'arn:aws:iam::111111111111:role/patchline-base-execution';

const build = (extra: Partial<ConstructorParameters<typeof NotificationTopic>[2]> = {}) =>
  synthConstruct(
    (stack, provider) =>
      new NotificationTopic(stack, 't', {
        provider,
        name: 'patchline-builds',
        accountId: ACCOUNT,
        kmsKeyArn: KEY,
        ...extra,
      }),
  );

describe('NotificationTopic', () => {
  const out = build();
  const topic = out.one('aws_sns_topic');
  const arn = out.ref('aws_sns_topic', topic, 'arn');

  test('messages are encrypted at rest with the customer-managed key', () => {
    expect(topic).toMatchObject({ name: 'patchline-builds', kms_master_key_id: KEY });
  });

  test("only the owner account's principals may publish or subscribe, and only over TLS", () => {
    const policy = out.one('aws_sns_topic_policy');
    expect(policy.arn).toBe(arn);
    const s = statements(policy.policy);
    expect(Object.keys(s)).toEqual(['OwnerAccountOnly', 'DenyInsecureTransport']);
    expect(s.OwnerAccountOnly).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Publish', 'sns:Subscribe'],
      Resource: arn,
    });
    expect(s.DenyInsecureTransport).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Condition: { Bool: { 'aws:SecureTransport': false } },
    });
  });

  test('no email: no subscription', () => {
    expect(out.all('aws_sns_topic_subscription')).toEqual([]);
  });

  test('email: one email subscription to the topic', () => {
    const sub = build({ email: 'ops@example.com' });
    expect(sub.one('aws_sns_topic_subscription')).toEqual(
      expect.objectContaining({
        protocol: 'email',
        endpoint: 'ops@example.com',
        topic_arn: sub.ref('aws_sns_topic', sub.one('aws_sns_topic'), 'arn'),
      }),
    );
  });

  test('publisher roles are named in their own statement; extra statements come last', () => {
    const extra = {
      Sid: 'ServicePublishes',
      Effect: 'Allow' as const,
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: '*',
    };
    const s = statements(
      build({ publisherRoleArns: [PUBLISHER], statements: [extra] }).one('aws_sns_topic_policy').policy,
    );
    expect(Object.keys(s)).toEqual([
      'OwnerAccountOnly',
      'ImageBuilderExecutionRolesPublish',
      'DenyInsecureTransport',
      'ServicePublishes',
    ]);
    expect(s.ImageBuilderExecutionRolesPublish).toMatchObject({
      Principal: { AWS: [PUBLISHER] },
      Action: 'sns:Publish',
    });
  });

  test('an empty publisher list adds no statement', () => {
    expect(Object.keys(statements(build({ publisherRoleArns: [] }).one('aws_sns_topic_policy').policy))).toEqual([
      'OwnerAccountOnly',
      'DenyInsecureTransport',
    ]);
  });
});
