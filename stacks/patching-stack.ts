// The patching stack of one target account: in each of its regions, the default patch baselines, one
// maintenance window per ring, the expedite lane where the account's exposure calls for it, daily scans,
// and the encrypted bucket and log group the runs write to.
import { Construct } from 'constructs';
import { patchingNames as names } from '../src/naming';
import { patchlineCollectsInventory, scanTargets } from '../src/patching/association-targets';
import { logGroupRetentionDays } from '../src/aws/patch-manager';
import { baselineOverrideDocument } from '../src/patching/baselines';
import type { OrgModel } from '../src/model';
import { expediteWindow, ringWindows, type WindowSpec } from '../src/model/windows';
import { AccountStack, type AccountStackProps } from './account-stack';
import { MaintenanceRing, type MaintenanceRingProps } from './constructs/maintenance-ring';
import { PatchBaselineSet } from './constructs/patch-baseline-set';
import { PatchLogBucket } from './constructs/patch-log-bucket';
import { PatchScan } from './constructs/patch-scan';
import { ExploitPatchLane } from './constructs/exploit-patch-lane';
import { exploitLaneProps } from './exploit-lane-props';
import { exploitLaneFor } from '../src/patching/exploit-lane';
import { addEvidenceSources } from './evidence-sources';

export class PatchingStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const p = model.patching;
    if (!p) return;
    const account = props.account;
    const baselines = p.baselines;
    const rings = ringWindows(model, account);
    // The lane runs only where the exposure calls for it and some rule feeds it (else it would install nothing).
    const expedite = p.hasExpediteRules ? expediteWindow(model, account) : undefined;
    // The exploit lane installs what the expedite rules approve, like the expedite window.
    const lane = p.hasExpediteRules ? exploitLaneFor(model, account) : undefined;
    const override = (expedite || lane) && baselineOverrideDocument(baselines);
    const ringNames = p.ringNames;
    const retention = p.logRetentionDays;

    for (const region of this.regions) {
      const provider = this.provider(region);
      const scope = new Construct(this, region);
      const logs = new PatchLogBucket(scope, 'patch-logs', {
        provider,
        accountId: account.id,
        organizationId: model.orgId,
        region,
        bucketName: names.logBucket(account.id, region),
        keyAlias: names.keyAlias(),
        logGroupName: names.logGroup(),
        logGroupRetentionDays: logGroupRetentionDays(retention),
        logPrefix: names.logPrefix,
        logExpiryDays: retention,
        documentPrefix: names.overridePrefix,
      });
      new PatchBaselineSet(scope, 'baselines', { provider, baselines, nameOf: names.baseline });
      const overrideUrl = override
        ? logs.addDocument('expedite-override', names.expediteOverrideKey(), override)
        : undefined;

      // WindowSpec holds whole hours already (src/profile/windows.ts applies AWS's rounding).
      const windowProps = (w: WindowSpec) => {
        return {
          provider,
          schedule: w.schedule,
          timezone: w.timezone,
          offsetDays: w.offsetDays,
          durationHours: w.durationMinutes / 60,
          cutoffHours: w.cutoffMinutes / 60,
          tagKey: p.ringTag,
          maxConcurrency: w.maxConcurrency,
          maxErrors: w.maxErrors,
          reboot: w.reboot === 'never' ? 'NoReboot' : 'RebootIfNeeded',
          outputBucket: logs.bucketName,
          logGroupName: logs.logGroupName,
        } satisfies Partial<MaintenanceRingProps>;
      };
      for (const w of rings) {
        new MaintenanceRing(scope, `ring-${w.name}`, {
          ...windowProps(w),
          name: names.ringWindow(w.name),
          description: `Patch ring ${w.name}: instances tagged ${p.ringTag}=${w.name}`,
          tagValues: [w.name],
          outputPrefix: names.ringLogPrefix(w.name),
        });
      }
      if (expedite && overrideUrl) {
        new MaintenanceRing(scope, 'expedite', {
          ...windowProps(expedite),
          name: names.expediteWindow(),
          description: 'Expedite lane: installs only what the expedite rules approve, on every ringed instance',
          // Instances in a defined ring: an instance with a misspelt ring value is patched by no window.
          tagValues: ringNames,
          baselineOverrideUrl: overrideUrl,
          outputPrefix: names.expediteLogPrefix(),
        });
      }
      if (lane && overrideUrl) {
        new ExploitPatchLane(
          scope,
          'exploit-lane',
          exploitLaneProps(model, account, region, lane, {
            provider,
            baselineOverrideUrl: overrideUrl,
            outputBucket: logs.bucketName,
            logGroupName: logs.logGroupName,
          }),
        );
      }
      new PatchScan(scope, 'scan', {
        provider,
        scanName: names.scanAssociation(),
        inventoryName: names.inventoryAssociation(),
        scanSchedule: p.scan.schedule,
        inventorySchedule: p.scan.inventorySchedule,
        outputBucket: logs.bucketName,
        outputPrefix: names.scanLogPrefix(),
        targets: scanTargets(model, account, region),
        collectInventory: patchlineCollectsInventory(model),
      });
    }
    // Observed evidence: inventory and patch compliance to the evidence bucket, failures to its alerts.
    addEvidenceSources(this, model, ['maintenance-window-task', 'association'], { sync: true });
  }
}
