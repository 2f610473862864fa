// `patchline apply`: terraform apply every stack, or only the affected ones, each after its prerequisites.
import { applyStacks, type ApplyResult } from '../terraform/apply';
import type { PlanTarget } from './plan';
import { Progress, type Output } from './progress';
import { summaryWithFailures } from './summary';

export interface ApplyCommandOptions {
  /** From selectTargets: dependency order, directories, prerequisites; removed stacks are destroys. */
  readonly targets: readonly PlanTarget[];
  /** Stacks applied at once (only stacks whose prerequisites are done run side by side).
   * @default 2 */
  readonly parallelism?: number;
  /** Environment for terraform (credentials, ...).
   * @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly out: Output;
}

/** Applies the targets, printing progress and the summary; exit code 1 when any stack failed or was skipped. */
export async function applyCommand(o: ApplyCommandOptions): Promise<{ code: number; results: ApplyResult[] }> {
  const { targets, out } = o;
  if (!targets.length) {
    out.write('No stacks to apply.\n');
    return { code: 0, results: [] };
  }
  const parallelism = o.parallelism ?? 2;
  const destroys = targets.filter((t) => t.destroy);
  out.write(
    `Applying ${targets.length - destroys.length} stack${targets.length - destroys.length === 1 ? '' : 's'}` +
      `${destroys.length ? ` and destroying ${destroys.length} removed one${destroys.length === 1 ? '' : 's'} after them` : ''}, ` +
      `up to ${parallelism} at a time in dependency order.\n`,
  );
  const progress = new Progress(out, targets.length, 'apply');
  let results: ApplyResult[];
  try {
    results = await applyStacks(targets, { parallelism, env: o.env ?? process.env, onEvent: progress.event });
  } finally {
    progress.finish();
  }
  out.write(summaryWithFailures(results, new Set(destroys.map((t) => t.name))));
  return { code: results.every((r) => r.ok) ? 0 : 1, results };
}
