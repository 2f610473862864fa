// What other stacks add for observed evidence (kept here so their files change by one call each):
// a resource data sync per region in patching accounts, and forwarding of their failure events to the
// evidence account's bus.
import { SsmResourceDataSync } from '@cdktf/provider-aws/lib/ssm-resource-data-sync';
import { Construct } from 'constructs';
import { evidenceNames as names } from '../src/naming';
import type { OrgModel } from '../src/model';
import type { AccountStack } from './account-stack';
import { anyOf, FAILURE_PATTERNS } from './constructs/event-patterns';
import { defaultBusArn, EventForwarding, putEventsStatement } from './constructs/event-forwarding';
import { ServiceRole } from './constructs/service-role';

/**
 * In each region of the stack: a SyncToDestination resource data sync of the account's inventory, patch
 * compliance and instance information into the evidence bucket (JsonSerDe, SSE-KMS by the bucket's default
 * key), and a rule forwarding the given failures to the evidence account. Nothing when evidence is off.
 */
export function addEvidenceSources(
  stack: AccountStack,
  model: OrgModel,
  failures: readonly (keyof typeof FAILURE_PATTERNS)[],
  opts: { sync: boolean },
): void {
  const s = model.evidence;
  if (!s) return;
  const scope = new Construct(stack, 'evidence');
  for (const region of stack.regions) {
    if (opts.sync) {
      // A SyncToDestination sync gathers the region it is created in; the bucket may be in another region.
      new SsmResourceDataSync(scope, `sync-${region}`, {
        provider: stack.provider(region),
        name: names.resourceDataSync(),
        s3Destination: { bucketName: s.bucket, region: s.region, prefix: names.syncPrefix, syncFormat: 'JsonSerDe' },
      });
    }
  }
  // The evidence account's own events reach its bus directly (its stack forwards between its regions).
  if (stack.account.id === s.account.id || !failures.length) return;
  const bus = defaultBusArn(s.region, s.account.id);
  const role = new ServiceRole(scope, 'forward-role', {
    provider: stack.globalProvider,
    name: names.forwardRole(stack.concern),
    service: 'events.amazonaws.com',
    accountId: stack.account.id,
    policyName: names.forwardRole(stack.concern),
    statements: [putEventsStatement(bus)],
  });
  for (const region of stack.regions) {
    new EventForwarding(scope, `forward-${region}`, {
      provider: stack.provider(region),
      ruleName: names.forwardRule(stack.concern),
      description: `Patchline failures in ${region}, to the evidence account's bus`,
      pattern: anyOf(failures.map((f) => FAILURE_PATTERNS[f])),
      targetBusArn: bus,
      roleArn: role.arn,
    });
  }
}
