// An SNS topic encrypted with a customer-managed key, with an optional email subscription.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { accountRootArn } from '../../src/naming';
import { policyJson, type Statement } from './policy';

export interface NotificationTopicProps {
  /** Provider of the topic's region. */
  readonly provider: AwsProvider;
  /** Topic name. */
  readonly name: string;
  /** Account that owns the topic; only its principals may publish or subscribe. */
  readonly accountId: string;
  /** ARN of the customer-managed KMS key that encrypts messages at rest. */
  readonly kmsKeyArn: string;
  /** Roles that publish to the topic, named in its policy (Terraform references, so they exist first).
   * @default the owner account's principals only */
  readonly publisherRoleArns?: readonly string[];
  /** Email address subscribed to the topic (the recipient confirms by email).
   * @default no subscription */
  readonly email?: string;
  /** Extra topic policy statements, e.g. a service that publishes.
   * @default none */
  readonly statements?: readonly Statement[];
}

export class NotificationTopic extends Construct {
  readonly topic: SnsTopic;
  /** Topic ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const provider = props.provider;
    this.topic = new SnsTopic(this, 'topic', { provider, name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, 'policy', {
      provider,
      arn: this.arn,
      policy: policyJson([
        {
          Sid: 'OwnerAccountOnly',
          Effect: 'Allow',
          Principal: { AWS: accountRootArn(props.accountId) },
          Action: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Publish', 'sns:Subscribe'],
          Resource: this.arn,
        },
        ...(props.publisherRoleArns?.length
          ? [
              {
                Sid: 'ImageBuilderExecutionRolesPublish',
                Effect: 'Allow' as const,
                Principal: { AWS: [...props.publisherRoleArns] },
                Action: 'sns:Publish',
                Resource: this.arn,
              },
            ]
          : []),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: this.arn,
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
        ...(props.statements ?? []),
      ]),
    });
    if (props.email) {
      new SnsTopicSubscription(this, 'email', {
        provider,
        topicArn: this.arn,
        protocol: 'email',
        endpoint: props.email,
      });
    }
  }
}
