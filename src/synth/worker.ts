// Runs in a worker thread (see worker-pool.ts): loads cdktf and the stacks module as soon as it starts, builds
// its model from what the parent's was built from (the model holds functions, so it cannot be sent) or else
// reads the profile itself, then synthesizes the stacks it takes from the queue it shares with the other threads.
import { loadProfile } from '../profile/load';
import { specKey } from '../model/layout';
import { buildModel, type ModelSource, type OrgModel } from '../model';
import { inputKeys } from './incremental';
import { claim } from './parallel';
import { synthApp } from './app';
import { useStacksModule } from './stacks-module';

/** What a worker loads before it has a job. */
export interface WorkerSetup {
  readonly profile: string;
  /** The assessment date the command was given (none: today, as the main thread's). */
  readonly asOf?: string;
  /** The stacks module the parent registered (src/synth/app.ts). */
  readonly stacksModule: string;
}

export interface WorkerJob {
  /** The date the main thread's model was assessed as of; the worker's must match. */
  readonly asOf: string;
  /** Keys of the stacks the threads share, in order. Their dependencies are built as context, not written. */
  readonly queue: readonly string[];
  /** The main thread's input key of each stack in `queue` (incremental.ts): the worker's model must give the same. */
  readonly inputs: readonly string[];
  /** The generator version those keys were computed with. */
  readonly generator: string;
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

let prepared: OrgModel | undefined;

function load(profile: string, asOf: string | undefined): OrgModel {
  let model;
  try {
    model = loadProfile(profile, { asOf }).model;
  } catch (e) {
    throw new Error(`${profile} no longer validates (${(e as Error).message}): it changed during synthesis`);
  }
  if (!model) throw new Error(`${profile} no longer validates: it changed during synthesis`);
  return model;
}

/** Loads the stacks module (cdktf and the provider bindings) before the job is known. */
export function prepare(setup: WorkerSetup): void {
  useStacksModule(setup.stacksModule);
  require(setup.stacksModule);
}

/** Builds the model from what the parent's was built from: no YAML, schema or checks again. */
export function receive(source: ModelSource): void {
  prepared = buildModel(source);
}

export function run(setup: WorkerSetup, job: WorkerJob): WorkerResult {
  useStacksModule(setup.stacksModule);
  // Read from the profile when the parent sent no source (or building from it failed), or the day turned since
  // (the main thread's date is the one that counts).
  const model = prepared?.asOf === job.asOf ? prepared : load(setup.profile, job.asOf);
  prepared = undefined;
  const byKey = new Map(model.stacks.map((s) => [specKey(s), s]));
  const queue = job.queue.map((k) => byKey.get(k)!);
  if (queue.some((s) => !s)) throw new Error(`${setup.profile} changed during synthesis: its stacks differ`);
  // The profile (or a component document) may have changed since the main thread read it, however slightly,
  // or the model built from the parent's source differ from the parent's. (Keys name each stack's
  // dependencies, so they are computed over every stack.)
  const keys = inputKeys(model, model.stacks, job.generator);
  if (queue.some((s, i) => keys.get(specKey(s)) !== job.inputs[i]))
    throw new Error(`${setup.profile} changed during synthesis: its stacks' inputs differ`);
  const { app, hashes } = synthApp(model, claim(queue, new Int32Array(job.next)), job.outdir, { manifest: false });
  return { stacks: app.manifest.stacks, hashes };
}
