// Sends matching events of this account and region to another event bus (the evidence account's, in its home
// region), with a role that may put events on that bus only. EventBridge delivers to event buses in other
// accounts and Regions with such a role ("Sending and receiving events between AWS accounts in Amazon
// EventBridge", "Sending events between AWS Regions", Amazon EventBridge User Guide).
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { EventPattern } from './event-patterns';

export interface EventForwardingProps {
  /** Provider of the rule's region. */
  readonly provider: AwsProvider;
  /** Rule name. */
  readonly ruleName: string;
  readonly description: string;
  /** Events to forward. */
  readonly pattern: EventPattern;
  /** ARN of the event bus that receives them. */
  readonly targetBusArn: string;
  /** Role EventBridge assumes to put events there (events:PutEvents on that bus). */
  readonly roleArn: string;
}

export class EventForwarding extends Construct {
  constructor(scope: Construct, id: string, props: EventForwardingProps) {
    super(scope, id);
    const { provider } = props;
    const rule = new CloudwatchEventRule(this, 'rule', {
      provider,
      name: props.ruleName,
      description: props.description,
      eventPattern: JSON.stringify(props.pattern),
    });
    new CloudwatchEventTarget(this, 'target', {
      provider,
      rule: rule.name,
      targetId: 'evidence-bus',
      arn: props.targetBusArn,
      roleArn: props.roleArn,
    });
  }
}

/** The statement a forwarding role needs: put events on the target bus, nothing else. */
export const putEventsStatement = (busArn: string) => ({
  Sid: 'PutEventsOnTheEvidenceBus',
  Effect: 'Allow' as const,
  Action: 'events:PutEvents',
  Resource: busArn,
});

/** ARN of an account's default event bus in a region. */
export const defaultBusArn = (region: string, accountId: string) =>
  `arn:aws:events:${region}:${accountId}:event-bus/default`;
