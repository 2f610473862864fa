// Synthesis of a large organization split across worker threads. cdktf synthesizes one App on one core; stacks
// that do not depend on each other (the thousand patching stacks) can be synthesized by separate Apps at once.
// The main thread first writes every stack another depends on, then all threads take the other stacks from one
// shared queue, so a worker that starts late (it loads cdktf and the profile again) or a costlier stack does
// not leave a thread idle. synthesize() stays synchronous: the main thread blocks on Atomics.wait until every
// worker has finished.
import { mkdirSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { specKey, type StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { synthApp } from './app';
import { registeredStacksModule } from './stacks-module';
import type { WorkerJob, WorkerResult } from './worker';

/** Below this many stacks, starting workers (each loads cdktf and the profile again) costs more than it saves. */
export const PARALLEL_MIN_STACKS = 200;
const MAX_WORKERS = 4;
const WORKER_TIMEOUT_MS = 30 * 60_000;

export function defaultWorkers(stacks: number): number {
  return stacks < PARALLEL_MIN_STACKS ? 1 : Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

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

// Plain JavaScript, so the worker can load TypeScript whatever the parent runs under (tsx, jest); the compiled
// output (dist/) needs no loader.
const BOOTSTRAP = `
const { workerData } = require('worker_threads');
const done = new Int32Array(workerData.done);
try {
  if (workerData.entry.endsWith('.ts')) require(workerData.tsx);
  workerData.port.postMessage(require(workerData.entry).run(workerData.job));
  Atomics.store(done, 0, 1);
} catch (e) {
  workerData.port.postMessage(String((e && e.stack) || e));
  Atomics.store(done, 0, 2);
} finally {
  Atomics.notify(done, 0);
}`;

function startWorker(job: WorkerJob): { wait(): WorkerResult } {
  const done = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { job, done, port: port2, entry: require.resolve('./worker'), tsx: require.resolve('tsx/cjs') },
    transferList: [port2],
    // The worker's own loaders, not the parent's (jest's transform does not reach threads).
    execArgv: [],
  });
  return {
    wait() {
      const flag = new Int32Array(done);
      if (Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
        void worker.terminate();
        throw new Error(`synthesis worker did not finish in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
      }
      const message = receiveMessageOnPort(port1)?.message;
      port1.close();
      // Done with the work; let the thread exit on its own (terminate() would be async anyway).
      worker.unref();
      if (Atomics.load(flag, 0) === 2) throw new Error(`synthesis worker failed: ${message ?? 'no message'}`);
      return message as WorkerResult;
    },
  };
}

/**
 * Synthesizes `specs` into `outdir` (stacks/ and one manifest.json) using `workers` threads, the main one included.
 * Returns the sha256 of each cdk.tf.json written, by stack name.
 */
export function synthesizeParallel(
  model: OrgModel,
  specs: readonly StackSpec[],
  outdir: string,
  workers: number,
): Map<string, string> {
  const hubs = hubKeys(specs);
  const first = specs.filter((s) => hubs.has(specKey(s)));
  const queue = specs.filter((s) => !hubs.has(specKey(s)));
  const next = new SharedArrayBuffer(4);
  // Every thread writes its stacks straight into outdir/stacks; made here, before any App would race to.
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  const job: WorkerJob = {
    profile: model.file,
    asOf: model.asOf,
    stacksModule: registeredStacksModule(),
    queue: queue.map(specKey),
    next,
    outdir,
  };
  const running = Array.from({ length: Math.max(0, Math.min(workers, queue.length + 1) - 1) }, () => startWorker(job));
  const shared = new Int32Array(next);
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
