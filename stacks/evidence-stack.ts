// The evidence stack, in the evidence account: the write-once evidence bucket, Inspector findings delivery and
// failure alerts in the home region; in every other organization region, a rule that forwards Inspector findings
// and failures to the home region's bus (findings and Systems Manager events are regional).
import type { Construct } from 'constructs';
import { evidenceNames as names } from '../src/naming';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { anyOf, FAILURE_PATTERNS, INSPECTOR_FINDING_PATTERN } from './constructs/event-patterns';
import { defaultBusArn, EventForwarding, putEventsStatement } from './constructs/event-forwarding';
import { EvidenceBucket } from './constructs/evidence-bucket';
import { FailureAlerts } from './constructs/failure-alerts';
import { FindingsDelivery } from './constructs/findings-delivery';
import { ServiceRole } from './constructs/service-role';

export class EvidenceStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const s = model.evidence!;
    const accountId = this.account.id;
    const home = this.provider(s.region);
    const evidence = new EvidenceBucket(this, 'evidence', {
      provider: home,
      accountId,
      organizationId: model.orgId,
      bucketName: s.bucket,
      keyAlias: names.keyAlias(),
      syncPrefix: names.syncPrefix,
      retentionDays: s.retentionDays,
      objectLockMode: s.objectLockMode,
    });
    new FindingsDelivery(this, 'findings', {
      provider: home,
      globalProvider: this.globalProvider,
      accountId,
      region: s.region,
      bucketName: evidence.bucketName,
      keyArn: evidence.keyArn,
      prefix: names.findingsPrefix,
      streamName: names.findingsStream(),
      ruleName: names.findingsRule(),
      firehoseRoleName: names.firehoseRole(),
      eventsRoleName: names.eventsRole(),
    });
    new FailureAlerts(this, 'alerts', {
      provider: home,
      accountId,
      region: s.region,
      organizationId: model.orgId,
      keyAlias: names.alertKeyAlias(),
      topicName: names.alertTopic(),
      ruleName: names.failureRule(),
      email: s.email,
    });
    const others = this.regions.filter((r) => r !== s.region);
    if (!others.length) return;
    const homeBus = defaultBusArn(s.region, accountId);
    const role = new ServiceRole(this, 'forward-role', {
      provider: this.globalProvider,
      name: names.forwardRole(this.concern),
      service: 'events.amazonaws.com',
      accountId,
      policyName: names.forwardRole(this.concern),
      statements: [putEventsStatement(homeBus)],
    });
    for (const region of others) {
      new EventForwarding(this, `forward-${region}`, {
        provider: this.provider(region),
        ruleName: names.forwardRule(this.concern),
        description: `Inspector findings and failures in ${region}, to the evidence bus in ${s.region}`,
        pattern: anyOf([INSPECTOR_FINDING_PATTERN, ...Object.values(FAILURE_PATTERNS)]),
        targetBusArn: homeBus,
        roleArn: role.arn,
      });
    }
  }
}
