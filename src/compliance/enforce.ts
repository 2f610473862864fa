// compliance.enforce: when the profile misses its target maturity level, what is unmet and where in the profile
// its cause is, as collected values (key path + message); the command line turns them into positioned errors.
import type { OrgModel } from '../model';
import { assessIfTargetMissed, unmetForTarget, type Assessment } from './assess';

export interface Unmet {
  /** Key path of what causes it: the ring whose window is too slow, else the account or pipeline, else the target. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** undefined when the profile does not enforce or meets its target; else the assessment and every unmet cause. */
export function enforcement(
  model: OrgModel,
): { readonly assessment: Assessment; readonly unmet: readonly Unmet[] } | undefined {
  if (!model.compliance.enforce) return undefined;
  const a = assessIfTargetMissed(model);
  if (!a) return undefined;
  const unmet: Unmet[] = [];
  for (const r of unmetForTarget(a)) {
    const failing = r.findings.filter((f) => !f.ok && !f.exemptedBy);
    if (r.status === 'not-assessable' || !failing.length) {
      const what = r.status === 'not-assessable' ? 'cannot be assessed by this tool' : 'is not met';
      unmet.push({ path: ['compliance', 'targetMaturity'], message: `${r.label} ${what}: ${r.summary}` });
      continue;
    }
    // One per cause, at what causes it.
    for (const f of failing) {
      const who = f.kind === 'organization' ? 'the organization' : `${f.kind} ${f.subject}`;
      unmet.push({
        path: causePath(model, f),
        message: `${r.label} (ML${a.targetMaturity}) is not met for ${who}: ${f.detail}`,
      });
    }
  }
  return { assessment: a, unmet };
}

function causePath(model: OrgModel, f: { kind: string; subject: string; detail: string }): (string | number)[] {
  const ring = /\(ring ([^)\s]+)\)/.exec(f.detail)?.[1];
  if (ring && model.patching?.rings[ring]) return ['patching', 'rings', ring];
  if (f.kind === 'account' && model.accounts.some((a) => a.alias === f.subject))
    return ['organization', 'accounts', f.subject];
  if (f.kind === 'pipeline' && model.imageFactory?.pipelines.some((p) => p.key === f.subject))
    return ['imageFactory', 'pipelines', f.subject];
  return ['compliance', 'targetMaturity'];
}
