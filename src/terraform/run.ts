/**
 * A small driver of the real `terraform` binary: run one command, or
 * init/validate/plan a list of synthesized stacks with bounded parallelism.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mirrorPath, PROVIDER_KINDS, providerAddress } from './providers';
import { writeRoleOverride } from './role-override';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  /** Complete environment for terraform (default process.env); CHECKPOINT_DISABLE/TF_IN_AUTOMATION are added. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export type Phase = 'init' | 'validate' | 'plan' | 'show' | 'done';

/** A phase started when `ok` is undefined; finished (with `ok` and `ms`) otherwise. */
export interface PlanEvent {
  stack: string;
  phase: Phase;
  ok?: boolean;
  ms?: number;
}

export interface PlanResult {
  stack: string;
  ok: boolean;
  add: number;
  change: number;
  destroy: number;
  ms: number;
  failedPhase?: Exclude<Phase, 'done'>;
  /** stderr+stdout of the failed phase, trimmed ('' when ok). */
  output: string;
  planJsonPath?: string;
}

export interface PlanOptions {
  parallelism: number;
  validate?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Write `tfplan` (implied by showJson). */
  planFile?: boolean;
  /** Write `terraform show -json tfplan` to `<dir>/plan.json`. */
  showJson?: boolean;
  /** Refresh state against real infrastructure (reads every resource); default false. */
  refresh?: boolean;
  /** Per terraform command; default 10 minutes. */
  timeoutMs?: number;
  onEvent?: (e: PlanEvent) => void;
}

/** Is `terraform` runnable, and (when given) does the provider mirror hold every declared provider's version? */
export function terraformAvailable(mirrorDir?: string): { ok: boolean; reason?: string } {
  const r = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (r.error) return { ok: false, reason: `terraform not runnable: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `terraform version exited ${r.status}: ${r.stderr.trim()}` };
  if (mirrorDir !== undefined && !fs.existsSync(mirrorDir)) {
    return { ok: false, reason: `provider mirror ${mirrorDir} does not exist` };
  }
  const inMirror = (p: string) => mirrorDir === undefined || fs.existsSync(path.join(mirrorDir, p));
  const missing = PROVIDER_KINDS.map(mirrorPath).filter((p) => !inMirror(p));
  if (missing.length) return { ok: false, reason: `provider mirror ${mirrorDir} has no ${missing.join(', ')}` };
  return { ok: true };
}

/** Run terraform (no shell). Never rejects: spawn errors give code 127, timeouts code 124. */
export function runTerraform(args: string[], opts: RunOptions): Promise<RunResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn('terraform', args, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(
      () => {
        timedOut = true;
        child.kill('SIGTERM'); // lets terraform stop its provider processes
        killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      },
      opts.timeoutMs ?? 10 * 60_000,
    );
    const finish = (code: number, extra = '') => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, stdout, stderr: stderr + extra, ms: Date.now() - start });
    };
    child.on('error', (err) => finish(127, `\n${err.message}`));
    child.on('close', (code, signal) => {
      if (timedOut) finish(124, `\nterraform ${args[0]} timed out after ${opts.timeoutMs ?? 600_000} ms`);
      else finish(code ?? 128, signal ? `\nterraform killed by ${signal}` : '');
    });
  });
}

/**
 * Parse the plan summary: `Plan: 1 to import, 2 to add, 0 to change, 1 to destroy.`
 * (import/forget parts optional) or `No changes.`; undefined when neither is present.
 */
export function parsePlanSummary(text: string): { add: number; change: number; destroy: number } | undefined {
  const line = /^Plan: .*$/m.exec(text)?.[0];
  if (line) {
    const n = (what: string) => Number(new RegExp(`(\\d+) to ${what}`).exec(line)?.[1] ?? 0);
    return { add: n('add'), change: n('change'), destroy: n('destroy') };
  }
  if (/^No changes\./m.test(text)) return { add: 0, change: 0, destroy: 0 };
  return undefined;
}

/** Terraform CLI config installing the declared providers (hashicorp/aws) only from an (unpacked) filesystem mirror. */
export function cliConfigForMirror(mirrorDir: string, pluginCacheDir: string): string {
  // An unpacked mirror is symlinked into .terraform (nothing is copied), with or without the cache.
  // plugin_cache_may_break_dependency_lock_file lets init reuse a warm cache entry instead of
  // re-installing it, which otherwise races ("mkdir ...: file exists") between concurrent inits.
  const addresses = JSON.stringify(PROVIDER_KINDS.map(providerAddress));
  return [
    `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`,
    'plugin_cache_may_break_dependency_lock_file = true',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirrorDir)}`,
    `    include = ${addresses}`,
    '  }',
    '  direct {',
    `    exclude = ${addresses}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A stack directory to plan; `destroy` plans the destruction of everything in its state. */
export interface PlanStack {
  name: string;
  dir: string;
  destroy?: boolean;
  /** Every AWS provider assumes this role instead of the synthesized one (the read-only plan role). */
  assumeRole?: string;
}

/** init [+ validate] + plan [+ show -json] every stack; at most `parallelism` stacks at once; results in input order. */
export async function planStacks(stacks: ReadonlyArray<PlanStack>, opts: PlanOptions): Promise<PlanResult[]> {
  const serialInit = serialQueue();
  const results: PlanResult[] = new Array(stacks.length);
  let next = 0;
  const worker = async () => {
    while (next < stacks.length) {
      const i = next++;
      results[i] = await planOne(stacks[i], opts, serialInit);
    }
  };
  const workers = Math.max(1, Math.min(opts.parallelism, stacks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

async function planOne(stack: PlanStack, opts: PlanOptions, serialInit: SerialQueue): Promise<PlanResult> {
  const removeOverride = stack.assumeRole ? writeRoleOverride(stack.dir, stack.assumeRole) : undefined;
  try {
    return await planSteps(stack, opts, serialInit);
  } finally {
    removeOverride?.();
  }
}

async function planSteps(stack: PlanStack, opts: PlanOptions, serialInit: SerialQueue): Promise<PlanResult> {
  const { run, finish: result } = stackSteps<Exclude<Phase, 'done'>, PlanResult>(stack, opts, serialInit);
  const failed = (phase: Exclude<Phase, 'done'>, r: RunResult, extra = '') =>
    result({ failedPhase: phase, output: `${r.stderr}\n${r.stdout}${extra}`.trim() });

  const init = await run('init', ['init', '-input=false', '-no-color'], true);
  if (init.code !== 0) return failed('init', init);

  if (opts.validate) {
    const v = await run('validate', ['validate', '-no-color']);
    if (v.code !== 0) return failed('validate', v);
  }

  const planFile = opts.planFile || opts.showJson;
  const planArgs = [
    'plan',
    '-input=false',
    '-no-color',
    `-refresh=${opts.refresh ?? false}`,
    '-lock=false',
    ...(stack.destroy ? ['-destroy'] : []),
  ];
  const plan = await run('plan', planFile ? [...planArgs, '-out=tfplan'] : planArgs);
  if (plan.code !== 0) return failed('plan', plan);
  const summary = parsePlanSummary(plan.stdout);
  if (!summary) return failed('plan', plan, '\n(no "Plan:" or "No changes." line in terraform output)');

  let planJsonPath: string | undefined;
  if (opts.showJson) {
    const show = await run('show', ['show', '-json', '-no-color', 'tfplan']);
    if (show.code !== 0) return failed('show', show);
    planJsonPath = path.join(stack.dir, 'plan.json');
    fs.writeFileSync(planJsonPath, show.stdout);
  }
  return result({ ok: true, ...summary, planJsonPath });
}

/** Runs jobs one at a time, in call order; a failed job does not stop the next. */
export type SerialQueue = <T>(job: () => Promise<T>) => Promise<T>;

/** Concurrent `terraform init`s sharing a plugin cache can fail, so plan and apply queue them. */
export function serialQueue(): SerialQueue {
  let chain: Promise<unknown> = Promise.resolve();
  return (job) => {
    const p = chain.then(job);
    chain = p.catch(() => undefined);
    return p;
  };
}

/** The outcome fields every per-stack terraform run reports. */
interface StackRunOutcome {
  stack: string;
  ok: boolean;
  add: number;
  change: number;
  destroy: number;
  ms: number;
  output: string;
}

/**
 * One stack's terraform phases: `run` reports each phase's start and end (inits go through the serial
 * queue), `finish` builds the result with its duration and reports 'done'.
 */
export function stackSteps<P extends string, R extends StackRunOutcome>(
  stack: { name: string; dir: string },
  opts: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onEvent?: (e: { stack: string; phase: P | 'done'; ok?: boolean; ms?: number }) => void;
  },
  serialInit: SerialQueue,
) {
  const start = Date.now();
  const emit = (e: { phase: P | 'done'; ok?: boolean; ms?: number }) => opts.onEvent?.({ stack: stack.name, ...e });
  const run = async (phase: P, args: string[], serial = false): Promise<RunResult> => {
    emit({ phase });
    const go = () => runTerraform(args, { cwd: stack.dir, env: opts.env, timeoutMs: opts.timeoutMs });
    const r = await (serial ? serialInit(go) : go());
    emit({ phase, ok: r.code === 0, ms: r.ms });
    return r;
  };
  const finish = (fields: Partial<R>): R => {
    const res = {
      stack: stack.name,
      ok: false,
      add: 0,
      change: 0,
      destroy: 0,
      output: '',
      ...fields,
      ms: Date.now() - start,
    } as R;
    emit({ phase: 'done', ok: res.ok, ms: res.ms });
    return res;
  };
  return { run, finish };
}
