// `patchline plan`: terraform init + plan for every stack, or only the affected ones, with bounded parallelism.
import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compareManifests, dependencyOrder, readManifest, shardOf, type Change, type Shard } from '../affected';
import { didYouMean } from '../profile/suggest';
import { planStacks, type PlanResult, type PlanStack } from '../terraform/run';
import { duration, Progress, type Output } from './progress';

export interface PlanTarget extends PlanStack {
  /** Why the stack is planned, when planning affected stacks only. */
  readonly change?: Change;
}

export interface SelectOptions {
  /** Synthesized output to plan (a cdktf.out directory). */
  readonly out: string;
  /** Plan only stacks that differ from this base output; removed ones are planned from it with -destroy. */
  readonly affected?: string;
  /** Only these stack names (of the selection). */
  readonly stacks?: readonly string[];
  /** Only this shard of the selection (after `stacks`). */
  readonly shard?: Shard;
}

/** The stacks to plan, in dependency order, each with its working directory. */
export function selectTargets(o: SelectOptions): PlanTarget[] {
  const head = readManifest(o.out);
  let targets: PlanTarget[];
  if (o.affected !== undefined) {
    targets = compareManifests(readManifest(o.affected), head).affected.map((s) => ({
      name: s.name,
      dir: join(s.source === 'base' ? o.affected! : o.out, s.dir),
      change: s.change,
      destroy: s.change === 'removed',
    }));
  } else {
    targets = dependencyOrder(head.stacks, head.stacks).map((s) => ({ name: s.name, dir: join(o.out, 'stacks', s.name) }));
  }
  if (o.stacks) {
    const known = new Set(targets.map((t) => t.name));
    for (const name of o.stacks) {
      if (!known.has(name)) {
        const all = head.stacks.map((s) => s.name);
        const why = o.affected !== undefined && all.includes(name) ? 'is not affected' : `is not a stack of ${o.out}${didYouMean(name, all)}`;
        throw new Error(`stack ${name} ${why}`);
      }
    }
    const wanted = new Set(o.stacks);
    targets = targets.filter((t) => wanted.has(t.name));
  }
  return o.shard ? shardOf(targets, o.shard) : targets;
}

export interface PlanCommandOptions {
  readonly targets: readonly PlanTarget[];
  /** Stacks planned at once.
   * @default 2 */
  readonly parallelism?: number;
  /** Environment for terraform (credentials, TF_CLI_CONFIG_FILE, ...).
   * @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Write `<stack>.plan.json` (terraform show -json) and `<stack>.result.json` here. */
  readonly jsonDir?: string;
  /** Refresh state against the real infrastructure (needs read access to every resource).
   * @default true */
  readonly refresh?: boolean;
  /** Where progress and the summary go; a TTY gets redrawn status lines. */
  readonly out: Output;
}

/** The per-stack result file `report` turns into the pull request comment. */
export interface StackResultFile {
  readonly stack: string;
  /** Why it was planned (with --affected). */
  readonly reason?: Change;
  readonly destroyPlan: boolean;
  readonly ok: boolean;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly ms: number;
  readonly failedPhase?: string;
  /** The end of terraform's output when the plan failed. */
  readonly error?: string;
}

const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

export function resultFile(t: PlanTarget, r: PlanResult): StackResultFile {
  return {
    stack: r.stack, ...(t.change ? { reason: t.change } : {}), destroyPlan: !!t.destroy, ok: r.ok,
    add: r.add, change: r.change, destroy: r.destroy, ms: r.ms,
    ...(r.ok ? {} : { failedPhase: r.failedPhase, error: tail(r.output) }),
  };
}

/** The summary table: stack, add/change/destroy, duration, result; totals last. */
export function summaryTable(targets: readonly PlanTarget[], results: readonly PlanResult[]): string {
  const rows = results.map((r, i) => [
    r.stack,
    r.ok ? String(r.add) : '-', r.ok ? String(r.change) : '-', r.ok ? String(r.destroy) : '-',
    duration(r.ms),
    r.ok ? (targets[i].destroy ? 'ok (destroy plan)' : 'ok') : `FAILED (${r.failedPhase})`,
  ]);
  const ok = results.filter((r) => r.ok);
  const sum = (f: (r: PlanResult) => number) => String(ok.reduce((n, r) => n + f(r), 0));
  const failed = results.length - ok.length;
  const total = [`${results.length} stacks`, sum((r) => r.add), sum((r) => r.change), sum((r) => r.destroy), '', failed ? `${failed} FAILED` : 'all ok'];
  const head = ['stack', 'add', 'change', 'destroy', 'duration', 'result'];
  const all = [head, ...rows, total];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const fmt = (r: string[]) => r.map((cell, c) => (c >= 1 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(head), rule, ...rows.map(fmt), rule, fmt(total)].join('\n') + '\n';
}

/** Plans the targets, printing progress and the summary; exit code 1 when any plan failed. */
export async function planCommand(o: PlanCommandOptions): Promise<{ code: number; results: PlanResult[] }> {
  const { targets, out } = o;
  if (!targets.length) {
    out.write('No stacks to plan.\n');
    return { code: 0, results: [] };
  }
  const parallelism = o.parallelism ?? 2;
  out.write(`Planning ${targets.length} stack${targets.length === 1 ? '' : 's'}, ${parallelism} at a time.\n`);
  const progress = new Progress(out, targets.length);
  let results: PlanResult[];
  try {
    results = await planStacks(targets, {
      parallelism,
      env: o.env ?? process.env,
      refresh: o.refresh ?? true,
      showJson: o.jsonDir !== undefined,
      onEvent: progress.event,
    });
  } finally {
    progress.finish();
  }
  if (o.jsonDir) {
    mkdirSync(o.jsonDir, { recursive: true });
    results.forEach((r, i) => {
      if (r.planJsonPath) copyFileSync(r.planJsonPath, join(o.jsonDir!, `${r.stack}.plan.json`));
      writeFileSync(join(o.jsonDir!, `${r.stack}.result.json`), JSON.stringify(resultFile(targets[i], r), null, 2) + '\n');
    });
  }
  out.write('\n' + summaryTable(targets, results));
  const failures = results.filter((r) => !r.ok);
  for (const r of failures) out.write(`\n--- ${r.stack}: terraform ${r.failedPhase} failed:\n${tail(r.output)}\n`);
  if (o.jsonDir) out.write(`\nPlan JSON and results written to ${o.jsonDir}\n`);
  return { code: failures.length ? 1 : 0, results };
}
