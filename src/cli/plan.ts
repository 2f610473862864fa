// `patchline plan`: terraform init + plan for every stack, or only the affected ones, with bounded parallelism.
import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  compareManifests,
  dependencyOrder,
  prerequisites,
  readManifest,
  shardOf,
  type Change,
  type Shard,
} from '../synth/affected';
import { didYouMean } from '../profile/suggest';
import { UsageError } from './profile-arg';
import { planStacks, type PlanResult, type PlanStack } from '../terraform/run';
import { Progress, type Output } from './progress';
import { summaryWithFailures, tail, type StackOutcome } from './summary';

export interface PlanTarget extends PlanStack {
  /** Stable identity (account ID/concern). */
  readonly key: string;
  /** Why the stack is planned, when planning affected stacks only. */
  readonly change?: Change;
  /** Keys of targets that must be applied before this one (dependencies; for a destroy, its dependents). */
  readonly after: readonly string[];
}

export interface SelectOptions {
  /** Synthesized output to plan (a cdktf.out directory). */
  readonly out: string;
  /** Only stacks that differ from this base output; removed ones are planned from it with -destroy. */
  readonly affected?: string;
  /** Only these stack names (of the selection). */
  readonly stacks?: readonly string[];
  /** Only this shard of the selection (after `stacks`). */
  readonly shard?: Shard;
}

/** The stacks to plan or apply, in dependency order, each with its working directory and prerequisites. */
export function selectTargets(o: SelectOptions): PlanTarget[] {
  const head = readManifest(o.out);
  let targets: PlanTarget[];
  if (o.affected !== undefined) {
    const base = readManifest(o.affected);
    const affected = compareManifests(base, head).affected;
    const forward = prerequisites(
      affected.filter((s) => s.change !== 'removed'),
      head.stacks,
    );
    // A stack is destroyed only after the removed stacks that depended on it.
    const destroyAfter = new Map<string, string[]>();
    for (const [key, before] of prerequisites(
      affected.filter((s) => s.change === 'removed'),
      base.stacks,
    )) {
      for (const b of before) destroyAfter.set(b, [...(destroyAfter.get(b) ?? []), key]);
    }
    targets = affected.map((s) => ({
      name: s.name,
      key: s.key,
      dir: join(s.source === 'base' ? o.affected! : o.out, s.dir),
      change: s.change,
      destroy: s.change === 'removed',
      after: (s.change === 'removed' ? destroyAfter.get(s.key) : forward.get(s.key)) ?? [],
    }));
  } else {
    const before = prerequisites(head.stacks, head.stacks);
    targets = dependencyOrder(head.stacks, head.stacks).map((s) => ({
      name: s.name,
      key: s.key,
      dir: join(o.out, 'stacks', s.name),
      after: before.get(s.key)!,
    }));
  }
  if (o.stacks) {
    const known = new Set(targets.map((t) => t.name));
    for (const name of o.stacks) {
      if (!known.has(name)) {
        const all = head.stacks.map((s) => s.name);
        const why =
          o.affected !== undefined && all.includes(name)
            ? 'is not affected'
            : `is not a stack of ${o.out}${didYouMean(name, all)}`;
        throw new Error(`stack ${name} ${why}`);
      }
    }
    const wanted = new Set(o.stacks);
    targets = targets.filter((t) => wanted.has(t.name));
  }
  if (o.shard) targets = shardOf(targets, o.shard);
  // Prerequisites outside the selection are not waited for: they are not part of this run.
  const selected = new Set(targets.map((t) => t.key));
  return targets.map((t) => ({ ...t, after: t.after.filter((k) => selected.has(k)) }));
}

/**
 * The targets with the role their providers assume: `deploy` keeps the synthesized deployment role; `plan` the
 * account's read-only plan role from the manifest (so a pull-request plan cannot change anything).
 */
export function withRole(targets: PlanTarget[], role: 'deploy' | 'plan', manifests: readonly string[]): PlanTarget[] {
  if (role === 'deploy') return targets;
  const arns = new Map<string, string | undefined>();
  for (const dir of manifests)
    for (const s of readManifest(dir).stacks) if (!arns.get(s.key)) arns.set(s.key, s.planRoleArn);
  return targets.map((t) => {
    const arn = arns.get(t.key);
    if (!arn)
      throw new UsageError(
        `--role plan: stack ${t.name} has no plan role; set terraform.planPrincipal in the profile and apply the plan-access stacks once (see README)`,
      );
    return { ...t, assumeRole: arn };
  });
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

/** The per-stack result file `plan-report` turns into the pull request comment. */
export interface StackResultFile extends Omit<StackOutcome, 'skipped' | 'output'> {
  /** Why it was planned (with --affected). */
  readonly reason?: Change;
  readonly destroyPlan: boolean;
  /** The end of terraform's output when the plan failed. */
  readonly error?: string;
}

export function resultFile(t: PlanTarget, r: PlanResult): StackResultFile {
  return {
    stack: r.stack,
    ...(t.change ? { reason: t.change } : {}),
    destroyPlan: !!t.destroy,
    ok: r.ok,
    add: r.add,
    change: r.change,
    destroy: r.destroy,
    ms: r.ms,
    ...(r.ok ? {} : { failedPhase: r.failedPhase, error: tail(r.output) }),
  };
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
      writeFileSync(
        join(o.jsonDir!, `${r.stack}.result.json`),
        JSON.stringify(resultFile(targets[i], r), null, 2) + '\n',
      );
    });
  }
  out.write(summaryWithFailures(results, new Set(targets.filter((t) => t.destroy).map((t) => t.name))));
  const failures = results.filter((r) => !r.ok);
  if (o.jsonDir) out.write(`\nPlan JSON and results written to ${o.jsonDir}\n`);
  return { code: failures.length ? 1 : 0, results };
}
