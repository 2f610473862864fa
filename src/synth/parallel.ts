// Synthesis of a large organization split across worker threads. cdktf synthesizes one App on one core; stacks
// that do not depend on each other (the thousand patching stacks) can be synthesized by separate Apps at once.
// The main thread first writes every stack another depends on, then all threads take the other stacks from one
// shared queue, so a worker that starts late (it loads cdktf and builds the model again) or a costlier stack does
// not leave a thread idle. synthesize() stays synchronous: the main thread blocks on Atomics.wait until every
// worker has finished.
import { mkdirSync } from 'fs';
import { join } from 'path';
import { specKey, type StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { registeredStacksModule } from './stacks-module';
import type { WorkerJob } from './worker';
import { WorkerPool } from './worker-pool';

/** Keys of the stacks another depends on, with their own dependencies: the main thread writes these first. */
export function hubKeys(specs: readonly StackSpec[]): Set<string> {
  const byKey = new Map(specs.map((s) => [specKey(s), s]));
  const hubs = new Set<string>();
  const visit = (k: string) => {
    if (hubs.has(k) || !byKey.has(k)) return;
    hubs.add(k);
    for (const d of byKey.get(k)!.dependsOn) visit(d);
  };
  for (const s of specs) for (const d of s.dependsOn) visit(d);
  return hubs;
}

/** Takes the next stacks from a queue shared by every thread (an index in shared memory) until none is left. */
export function* claim<T>(queue: readonly T[], next: Int32Array): Generator<T> {
  for (let i = Atomics.add(next, 0, 1); i < queue.length; i = Atomics.add(next, 0, 1)) yield queue[i];
}

/**
 * Synthesizes `specs` into `outdir` (stacks/ and one manifest.json) using `workers` threads, the main one included,
 * taken from `pool` when the command started some already. `inputs`: each stack's input key (incremental.ts),
 * which every worker checks its own model against. Returns the sha256 of each cdk.tf.json written, by stack name.
 */
export function synthesizeParallel(
  model: OrgModel,
  specs: readonly StackSpec[],
  outdir: string,
  workers: number,
  check: { readonly inputs: ReadonlyMap<string, string>; readonly generator: string },
  pool?: WorkerPool,
): Map<string, string> {
  const hubs = hubKeys(specs);
  const first = specs.filter((s) => hubs.has(specKey(s)));
  const queue = specs.filter((s) => !hubs.has(specKey(s)));
  const next = new SharedArrayBuffer(4);
  // Every thread writes its stacks straight into outdir/stacks; made here, before any App would race to.
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  const job: WorkerJob = {
    asOf: model.asOf,
    queue: queue.map(specKey),
    inputs: queue.map((s) => check.inputs.get(specKey(s))!),
    generator: check.generator,
    next,
    outdir,
  };
  const threads = Math.max(0, Math.min(workers, queue.length + 1) - 1);
  const running = (
    pool ?? new WorkerPool({ profile: model.file, asOf: model.asOf, stacksModule: registeredStacksModule() }, 0)
  ).take(job, threads);
  const shared = new Int32Array(next);
  // cdktf is loaded here, after the workers have their job, not with this module (see index.ts).
  const { synthApp } = require('./app') as typeof import('./app');
  const { app, hashes } = synthApp(
    model,
    (function* () {
      yield* first;
      yield* claim(queue, shared);
    })(),
    outdir,
    { manifest: false },
  );
  const all = new Map(hashes);
  // The one cdktf manifest lists every thread's stacks (written sorted).
  for (const w of running) {
    const done = w.wait();
    Object.assign(app.manifest.stacks, done.stacks);
    for (const [name, hash] of done.hashes) all.set(name, hash);
  }
  app.manifest.writeToFile();
  return all;
}
