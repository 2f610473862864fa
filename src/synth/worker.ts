// Runs in a worker thread (see synth-parallel.ts): loads the profile itself (the model holds functions, so it
// cannot be sent) and synthesizes the stacks it was given.
import { loadProfile } from '../profile/load';
import { specKey } from '../model/layout';
import { synthApp } from './app';
import { useStacksModule } from './stacks-module';

export interface WorkerJob {
  readonly profile: string;
  readonly asOf: string;
  /** The stacks module the parent registered (src/synth/app.ts). */
  readonly stacksModule: string;
  /** Keys of the stacks to synthesize. */
  readonly keys: readonly string[];
  /** Keys of the stacks they depend on, built too (cdktf records dependencies within an App) but not moved into place. */
  readonly context: readonly string[];
  readonly outdir: string;
}

export function run(job: WorkerJob): void {
  useStacksModule(job.stacksModule);
  let model;
  try {
    model = loadProfile(job.profile, { asOf: job.asOf }).model;
  } catch (e) {
    throw new Error(`${job.profile} no longer validates (${(e as Error).message}): it changed during synthesis`);
  }
  if (!model) throw new Error(`${job.profile} no longer validates: it changed during synthesis`);
  const wanted = new Set([...job.keys, ...job.context]);
  const specs = model.stacks.filter((s) => wanted.has(specKey(s)));
  if (specs.length !== wanted.size) throw new Error(`${job.profile} changed during synthesis: its stacks differ`);
  const own = new Set(job.keys);
  synthApp(model, specs, job.outdir, (key) => own.has(key));
}
