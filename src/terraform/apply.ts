/**
 * Applies stacks with the real `terraform`, at most `parallelism` at once, each only after its prerequisites
 * were applied successfully: independent stacks (a thousand patching stacks) run side by side, dependent ones
 * wait, and a failure skips everything after it instead of applying onto a half-changed organization.
 */
import { serialQueue, stackSteps } from './run';

export interface ApplyStack {
  name: string;
  /** Identity the prerequisites refer to. */
  key: string;
  dir: string;
  /** Destroy everything in the stack's state (a stack removed from the profile). Destroys run after every other stack succeeded. */
  destroy?: boolean;
  /** Keys of stacks in this run that must succeed first. */
  after: readonly string[];
}

export type ApplyPhase = 'init' | 'apply' | 'done';

export interface ApplyEvent {
  stack: string;
  phase: ApplyPhase;
  ok?: boolean;
  ms?: number;
}

export interface ApplyResult {
  stack: string;
  ok: boolean;
  add: number;
  change: number;
  destroy: number;
  ms: number;
  failedPhase?: Exclude<ApplyPhase, 'done'>;
  /** Why the stack was not applied: a prerequisite failed. */
  skipped?: string;
  /** stderr+stdout of the failed phase ('' when ok). */
  output: string;
}

export interface ApplyOptions {
  parallelism: number;
  env?: NodeJS.ProcessEnv;
  /** Per terraform command; default 60 minutes. */
  timeoutMs?: number;
  onEvent?: (e: ApplyEvent) => void;
}

/** `Apply complete! Resources: 1 added, 2 changed, 0 destroyed.` or `Destroy complete! Resources: 3 destroyed.` */
export function parseApplySummary(text: string): { add: number; change: number; destroy: number } | undefined {
  const line = /^(?:Apply|Destroy) complete! Resources: .*$/m.exec(text)?.[0];
  if (!line) return undefined;
  const n = (what: string) => Number(new RegExp(`(\\d+) ${what}`).exec(line)?.[1] ?? 0);
  return { add: n('added'), change: n('changed'), destroy: n('destroyed') };
}

/** Applies every stack; results in input order. */
export function applyStacks(stacks: readonly ApplyStack[], opts: ApplyOptions): Promise<ApplyResult[]> {
  const keys = new Set(stacks.map((s) => s.key));
  for (const s of stacks) {
    const unknown = s.after.find((k) => !keys.has(k));
    if (unknown) throw new Error(`${s.name} waits for ${unknown}, which is not in this run`);
  }
  const state = new Map<string, 'ok' | 'failed' | 'skipped'>();
  const results: ApplyResult[] = new Array(stacks.length);
  const pending = stacks.map((_, i) => i);
  let forwardLeft = stacks.filter((s) => !s.destroy).length;
  let forwardFailed: string | undefined;
  let running = 0;
  const serialInit = serialQueue();

  const applyOne = async (s: ApplyStack): Promise<ApplyResult> => {
    const { run, finish } = stackSteps<'init' | 'apply', ApplyResult>(
      s,
      { ...opts, timeoutMs: opts.timeoutMs ?? 60 * 60_000 },
      serialInit,
    );
    const init = await run('init', ['init', '-input=false', '-no-color'], true);
    if (init.code !== 0) return finish({ failedPhase: 'init', output: `${init.stderr}\n${init.stdout}`.trim() });
    const apply = await run('apply', [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
      ...(s.destroy ? ['-destroy'] : []),
    ]);
    if (apply.code !== 0) return finish({ failedPhase: 'apply', output: `${apply.stderr}\n${apply.stdout}`.trim() });
    return finish({ ok: true, ...(parseApplySummary(apply.stdout) ?? {}) });
  };

  return new Promise((resolve) => {
    const settle = (i: number, r: ApplyResult) => {
      results[i] = r;
      state.set(stacks[i].key, r.ok ? 'ok' : r.skipped ? 'skipped' : 'failed');
      if (!stacks[i].destroy) {
        forwardLeft--;
        if (!r.ok) forwardFailed ??= stacks[i].key;
      }
    };
    const pump = () => {
      for (let j = 0; j < pending.length; j++) {
        const i = pending[j];
        const s = stacks[i];
        const blocked =
          s.after.find((k) => state.get(k) === 'failed' || state.get(k) === 'skipped') ??
          (s.destroy ? forwardFailed : undefined);
        if (blocked !== undefined) {
          const name = stacks.find((x) => x.key === blocked)?.name ?? blocked;
          pending.splice(j--, 1);
          settle(i, {
            stack: s.name,
            ok: false,
            add: 0,
            change: 0,
            destroy: 0,
            ms: 0,
            output: '',
            skipped: `${name} ${state.get(blocked) === 'skipped' ? 'was skipped' : 'failed'}`,
          });
          opts.onEvent?.({ stack: s.name, phase: 'done', ok: false, ms: 0 });
          j = -1; // a skip can unblock (skip) stacks earlier in the list
          continue;
        }
        const ready = s.after.every((k) => state.get(k) === 'ok') && (!s.destroy || forwardLeft === 0);
        if (ready && running < Math.max(1, opts.parallelism)) {
          pending.splice(j--, 1);
          running++;
          void applyOne(s).then((r) => {
            running--;
            settle(i, r);
            pump();
          });
        }
      }
      if (running === 0 && pending.length) {
        // Nothing runs and nothing can start: the prerequisites form a cycle.
        for (const i of pending.splice(0))
          settle(i, {
            stack: stacks[i].name,
            ok: false,
            add: 0,
            change: 0,
            destroy: 0,
            ms: 0,
            output: '',
            skipped: 'its prerequisites form a cycle',
          });
      }
      if (!pending.length && running === 0) resolve(results);
    };
    pump();
  });
}
