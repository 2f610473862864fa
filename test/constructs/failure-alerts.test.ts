import { FAILURE_PATTERNS } from '../../stacks/constructs/event-patterns';
import { FailureAlerts } from '../../stacks/constructs/failure-alerts';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '333333333333';
const REGION = 'ap-southeast-2';
const ORG = 'o-abc123def4';
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/patchline-failures`;
const fromRule = { ArnEquals: { 'aws:SourceArn': RULE_ARN }, StringEquals: { 'aws:SourceAccount': ACCOUNT } };

const build = (email?: string) =>
  synthConstruct(
    (stack, provider) =>
      new FailureAlerts(stack, 'a', {
        provider,
        accountId: ACCOUNT,
        region: REGION,
        organizationId: ORG,
        keyAlias: 'alias/patchline/alerts',
        topicName: 'patchline-failures',
        ruleName: 'patchline-failures',
        email,
      }),
  );

describe('FailureAlerts', () => {
  const out = build('ops@example.com');
  const key = out.one('aws_kms_key');
  const topic = out.one('aws_sns_topic');

  // "Amazon SNS topic permissions" (EventBridge User Guide): an encrypted topic needs these on its key.
  test('EventBridge may use the topic key (GenerateDataKey, Decrypt) only for this rule', () => {
    expect(statements(key.policy).EventBridgePublishesEncryptedAlerts).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: fromRule,
    });
    expect(topic.kms_master_key_id).toBe(out.ref('aws_kms_key', key, 'arn'));
  });

  test('the topic policy lets this rule publish to this topic', () => {
    expect(statements(out.one('aws_sns_topic_policy').policy).FailureRulePublishes).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: `arn:aws:sns:${REGION}:${ACCOUNT}:patchline-failures`,
      Condition: fromRule,
    });
    expect(topic.name).toBe('patchline-failures');
  });

  test("only the organization's accounts may put events on the default bus", () => {
    const bus = out.one('aws_cloudwatch_event_bus_policy');
    expect(bus.event_bus_name).toBe('default');
    expect(JSON.parse(bus.policy).Statement).toEqual([
      {
        Sid: 'OrganizationForwardsFailures',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      },
    ]);
  });

  test('one rule for all three failure kinds, targeting the topic', () => {
    const rule = out.one('aws_cloudwatch_event_rule');
    expect(rule.name).toBe('patchline-failures');
    expect(JSON.parse(rule.event_pattern)).toEqual({ $or: Object.values(FAILURE_PATTERNS) });
    expect(out.one('aws_cloudwatch_event_target')).toMatchObject({
      arn: out.ref('aws_sns_topic', topic, 'arn'),
      rule: out.ref('aws_cloudwatch_event_rule', rule, 'name'),
    });
  });

  test('email subscription only when an address is given', () => {
    expect(out.one('aws_sns_topic_subscription').endpoint).toBe('ops@example.com');
    expect(build().all('aws_sns_topic_subscription')).toEqual([]);
  });
});
