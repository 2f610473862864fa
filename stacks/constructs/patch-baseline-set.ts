// Patch Manager baselines for one account and region, each registered as the default for its OS, so
// AWS-RunPatchBaseline uses them without patch groups.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmDefaultPatchBaseline } from '@cdktf/provider-aws/lib/ssm-default-patch-baseline';
import { SsmPatchBaseline } from '@cdktf/provider-aws/lib/ssm-patch-baseline';
import { Construct } from 'constructs';
import type { BaselineSpec } from '../../src/patching/baselines';

export interface PatchBaselineSetProps {
  /** Provider of the account and region. */
  readonly provider: AwsProvider;
  /** The baselines, at most one per OS (the loader checks it); construct IDs derive from their keys. */
  readonly baselines: readonly BaselineSpec[];
  /** AWS name of a baseline from its key. */
  readonly nameOf: (key: string) => string;
}

export class PatchBaselineSet extends Construct {
  /** Baseline resources by profile key. */
  readonly baselines: ReadonlyMap<string, SsmPatchBaseline>;

  constructor(scope: Construct, id: string, props: PatchBaselineSetProps) {
    super(scope, id);
    const { provider } = props;
    const byOs = new Set<string>();
    const made = new Map<string, SsmPatchBaseline>();
    for (const b of props.baselines) {
      // Two defaults for one OS would fight over the registration on every apply.
      if (byOs.has(b.os)) throw new Error(`two baselines for ${b.os}`);
      byOs.add(b.os);
      const baseline = new SsmPatchBaseline(this, `baseline-${b.key}`, {
        provider,
        name: props.nameOf(b.key),
        description: b.description,
        operatingSystem: b.os,
        approvalRule: b.rules.map((r) => ({
          patchFilter: r.filters.map((f) => ({ key: f.key, values: [...f.values] })),
          approveAfterDays: r.approveAfterDays,
          approveUntilDate: r.approveUntilDate,
          complianceLevel: r.complianceLevel,
          enableNonSecurity: r.enableNonSecurity,
        })),
        approvedPatches: b.approvedPatches.length ? [...b.approvedPatches] : undefined,
        approvedPatchesComplianceLevel: b.approvedPatchesComplianceLevel,
        rejectedPatches: b.rejectedPatches.length ? [...b.rejectedPatches] : undefined,
        rejectedPatchesAction: b.rejectedPatchesAction,
      });
      new SsmDefaultPatchBaseline(this, `default-${b.key}`, {
        provider,
        baselineId: baseline.id,
        operatingSystem: b.os,
      });
      made.set(b.key, baseline);
    }
    this.baselines = made;
  }
}
