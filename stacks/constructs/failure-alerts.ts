// Failure alerts: one EventBridge rule on the account's default bus (which the organization's accounts forward
// their failures to) for failed or timed-out maintenance-window tasks, failed associations and failed image
// builds → an SNS topic encrypted with its own customer-managed key, with an email subscription.
// EventBridge publishing to an encrypted topic needs kms:GenerateDataKey and kms:Decrypt on the key for
// events.amazonaws.com ("Amazon SNS topic permissions", Amazon EventBridge User Guide).
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { CustomerManagedKey } from './customer-managed-key';
import { anyOf, FAILURE_PATTERNS } from './event-patterns';
import { defaultBusArn } from './event-forwarding';
import { NotificationTopic } from './notification-topic';
import { policyJson } from './policy';

export interface FailureAlertsProps {
  /** Provider of the bus's region. */
  readonly provider: AwsProvider;
  readonly accountId: string;
  readonly region: string;
  /** Accounts of this organization may put events on the default bus. */
  readonly organizationId: string;
  readonly keyAlias: string;
  readonly topicName: string;
  readonly ruleName: string;
  /** Alert recipient.
   * @default no subscription */
  readonly email?: string;
}

export class FailureAlerts extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: FailureAlertsProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    const ruleArn = `arn:aws:events:${region}:${accountId}:rule/${props.ruleName}`;
    const fromRule = { ArnEquals: { 'aws:SourceArn': ruleArn }, StringEquals: { 'aws:SourceAccount': accountId } };
    const key = new CustomerManagedKey(this, 'key', {
      provider,
      alias: props.keyAlias,
      description: 'Patchline failure alerts (SNS)',
      accountId,
      statements: [
        {
          Sid: 'EventBridgePublishesEncryptedAlerts',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: fromRule,
        },
      ],
    });
    const topic = new NotificationTopic(this, 'topic', {
      provider,
      name: props.topicName,
      accountId,
      kmsKeyArn: key.arn,
      email: props.email,
      statements: [
        {
          Sid: 'FailureRulePublishes',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: `arn:aws:sns:${region}:${accountId}:${props.topicName}`,
          Condition: fromRule,
        },
      ],
    });
    this.topicArn = topic.arn;
    // Only the organization's accounts may put events here (the forwarding rules of patching and factory accounts).
    new CloudwatchEventBusPolicy(this, 'bus-policy', {
      provider,
      eventBusName: 'default',
      policy: policyJson([
        {
          Sid: 'OrganizationForwardsFailures',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: defaultBusArn(region, accountId),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        },
      ]),
    });
    const rule = new CloudwatchEventRule(this, 'rule', {
      provider,
      name: props.ruleName,
      description:
        'Failed or timed-out maintenance-window tasks, failed associations and failed image builds, from any account of the organization',
      eventPattern: JSON.stringify(anyOf(Object.values(FAILURE_PATTERNS))),
    });
    new CloudwatchEventTarget(this, 'target', { provider, rule: rule.name, targetId: 'alerts', arn: topic.arn });
  }
}
