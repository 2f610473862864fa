// Runs in a worker thread (see parallel.ts): loads the profile itself (the model holds functions, so it cannot
// be sent) and synthesizes the stacks it takes from the queue it shares with the other threads.
import { loadProfile } from '../profile/load';
import { specKey } from '../model/layout';
import { claim } from './parallel';
import { synthApp } from './app';
import { useStacksModule } from './stacks-module';

export interface WorkerJob {
  readonly profile: string;
  readonly asOf: string;
  /** The stacks module the parent registered (src/synth/app.ts). */
  readonly stacksModule: string;
  /** Keys of the stacks the threads share, in order. Their dependencies are built as context, not written. */
  readonly queue: readonly string[];
  /** The index of the next stack in `queue` no thread has taken (an Int32). */
  readonly next: SharedArrayBuffer;
  /** Where every thread writes its stacks (stacks/<name>). */
  readonly outdir: string;
}

/** The cdktf manifest entries of the stacks the worker wrote, for the one manifest.json, and their hashes. */
export interface WorkerResult {
  readonly stacks: Record<string, unknown>;
  readonly hashes: ReadonlyMap<string, string>;
}

export function run(job: WorkerJob): WorkerResult {
  useStacksModule(job.stacksModule);
  let model;
  try {
    model = loadProfile(job.profile, { asOf: job.asOf }).model;
  } catch (e) {
    throw new Error(`${job.profile} no longer validates (${(e as Error).message}): it changed during synthesis`);
  }
  if (!model) throw new Error(`${job.profile} no longer validates: it changed during synthesis`);
  const byKey = new Map(model.stacks.map((s) => [specKey(s), s]));
  const queue = job.queue.map((k) => byKey.get(k)!);
  if (queue.some((s) => !s)) throw new Error(`${job.profile} changed during synthesis: its stacks differ`);
  const { app, hashes } = synthApp(model, claim(queue, new Int32Array(job.next)), job.outdir, { manifest: false });
  return { stacks: app.manifest.stacks, hashes };
}
