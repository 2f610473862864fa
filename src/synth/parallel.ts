// Synthesis of a large organization split across worker threads. cdktf synthesizes one App on one core; stacks
// that do not depend on each other (the thousand patching stacks) can be synthesized by separate Apps at once.
// synthesize() stays synchronous: the main thread does one share itself, then blocks on Atomics.wait until
// every worker has finished.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { specKey, specName, type StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { synthApp } from './app';
import { registeredStacksModule } from './stacks-module';
import type { WorkerJob } from './worker';

/** Below this many stacks, starting workers (each loads cdktf and the profile again) costs more than it saves. */
export const PARALLEL_MIN_STACKS = 200;
const MAX_WORKERS = 4;
const WORKER_TIMEOUT_MS = 30 * 60_000;

export function defaultWorkers(stacks: number): number {
  return stacks < PARALLEL_MIN_STACKS ? 1 : Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

/**
 * Splits stacks into at most `n` groups of similar size. cdktf records a dependency only within an App, so every
 * stack another depends on (with its own dependencies) goes to the first group, the main thread's, and each other
 * group also builds the ones it depends on as context, without writing them (see `contextOf`).
 */
export function partition(specs: readonly StackSpec[], n: number): StackSpec[][] {
  const byKey = new Map(specs.map((s) => [specKey(s), s]));
  const hubs = new Set<string>();
  const visit = (k: string) => {
    if (hubs.has(k) || !byKey.has(k)) return;
    hubs.add(k);
    for (const d of byKey.get(k)!.dependsOn) visit(d);
  };
  for (const s of specs) for (const d of s.dependsOn) visit(d);
  const groups: StackSpec[][] = Array.from({ length: Math.max(1, Math.min(n, specs.length)) }, () => []);
  groups[0].push(...specs.filter((s) => hubs.has(specKey(s))));
  for (const s of specs) if (!hubs.has(specKey(s))) groups.reduce((min, g) => (g.length < min.length ? g : min)).push(s);
  return groups.filter((g) => g.length);
}

/** Keys of the stacks a group depends on (transitively) but does not hold: built alongside it, never written. */
export function contextOf(group: readonly StackSpec[], specs: readonly StackSpec[]): string[] {
  const byKey = new Map(specs.map((s) => [specKey(s), s]));
  const own = new Set(group.map(specKey));
  const context = new Set<string>();
  const visit = (k: string) => {
    if (own.has(k) || context.has(k)) return;
    context.add(k);
    for (const d of byKey.get(k)?.dependsOn ?? []) visit(d);
  };
  for (const s of group) for (const d of s.dependsOn) visit(d);
  return [...context].sort();
}

// Plain JavaScript, so the worker can load TypeScript whatever the parent runs under (tsx, jest); the compiled
// output (dist/) needs no loader.
const BOOTSTRAP = `
const { workerData } = require('worker_threads');
const done = new Int32Array(workerData.done);
try {
  if (workerData.entry.endsWith('.ts')) require(workerData.tsx);
  require(workerData.entry).run(workerData.job);
  Atomics.store(done, 0, 1);
} catch (e) {
  workerData.port.postMessage(String((e && e.stack) || e));
  Atomics.store(done, 0, 2);
} finally {
  Atomics.notify(done, 0);
}`;

function startWorker(job: WorkerJob): { wait(): void } {
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
        throw new Error(`synthesis worker for ${job.keys.length} stacks did not finish in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
      }
      if (Atomics.load(flag, 0) === 2) throw new Error(`synthesis worker failed: ${receiveMessageOnPort(port1)?.message ?? 'no message'}`);
      port1.close();
      // Done with the work; let the thread exit on its own (terminate() would be async anyway).
      worker.unref();
    },
  };
}

/** Synthesizes `specs` into `outdir` (stacks/ and one manifest.json) using `workers` threads, the main one included. */
export function synthesizeParallel(model: OrgModel, specs: readonly StackSpec[], outdir: string, workers: number): void {
  const [mine, ...others] = partition(specs, workers);
  const jobs = others.map((group, i): WorkerJob => ({
    profile: model.file, asOf: model.asOf, stacksModule: registeredStacksModule(), keys: group.map(specKey), context: contextOf(group, specs), outdir: join(outdir, `.worker-${i + 1}`),
  }));
  const ownNames = others.map((group) => new Set(group.map(specName)));
  const running = jobs.map(startWorker);
  const app = synthApp(model, mine, outdir);
  for (const w of running) w.wait();
  // Move each worker's stacks beside the main ones and list them in the one cdktf manifest (written sorted).
  jobs.forEach((job, i) => {
    // Only the group's own stacks: its context stacks are the main thread's to write.
    const own = ownNames[i];
    const stacks = join(job.outdir, 'stacks');
    for (const name of existsSync(stacks) ? readdirSync(stacks) : []) if (own.has(name)) renameSync(join(stacks, name), join(outdir, 'stacks', name));
    const part = JSON.parse(readFileSync(join(job.outdir, 'manifest.json'), 'utf8'));
    for (const [name, stack] of Object.entries(part.stacks)) if (own.has(name)) app.manifest.stacks[name] = stack as (typeof app.manifest.stacks)[string];
    rmSync(job.outdir, { recursive: true, force: true });
  });
  app.manifest.writeToFile();
}
