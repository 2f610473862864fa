// Synthesis worker threads, started before the work is known. A worker spends about 0.3 s loading cdktf and the
// provider bindings before it can take a stack; started when the `synth` command starts, it does that while the
// main thread reads the profile, then builds its model from what the main thread's was built from (provide)
// while that thread checks compliance and loads cdktf itself. No cdktf import here: the CLI loads this before
// anything heavy.
import { existsSync, statSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { INPUTS_FILE } from './incremental';
import type { ModelSource } from '../model';
import type { WorkerJob, WorkerResult, WorkerSetup } from './worker';

/** Below this many stacks to build, starting workers (each loads cdktf and builds the model again) costs more than it saves. */
export const PARALLEL_MIN_STACKS = 200;
const MAX_WORKERS = 4;
const WORKER_TIMEOUT_MS = 30 * 60_000;

/** Threads to synthesize `stacks` stacks with, the main one included. */
export function defaultWorkers(stacks: number): number {
  return stacks < PARALLEL_MIN_STACKS ? 1 : Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

/**
 * A profile at least this large is worth starting workers for before it is read: the benchmark's profiles take
 * about 90 bytes per account and three stacks' worth of shared settings, so this is well below the
 * PARALLEL_MIN_STACKS a profile needs to use them. A smaller profile with that many stacks still gets its
 * workers, only later.
 */
export const PRESTART_MIN_BYTES = 24_000;

// Plain JavaScript, so the worker can load TypeScript whatever the parent runs under (tsx, jest); the compiled
// output (dist/) needs no loader. The worker loads everything it can before it is given a job; an error there
// is reported with the job (run() loads what failed again, and says why).
const BOOTSTRAP = `
const { workerData } = require('worker_threads');
const { port, setup } = workerData;
const done = new Int32Array(workerData.done);
let worker, failed;
// A thread that ends without reporting (out of memory, process.exit in a library) must not leave the main
// thread waiting for the timeout.
process.on('exit', () => {
  if (Atomics.compareExchange(done, 0, 0, 2) === 0) Atomics.notify(done, 0);
});
try {
  if (workerData.entry.endsWith('.ts')) require(workerData.tsx);
  worker = require(workerData.entry);
  worker.prepare(setup);
} catch (e) {
  failed = e;
}
port.on('message', (message) => {
  if (message.source) {
    // What the parent's model was built from: the model is built now, while the parent works towards the job.
    // If that fails, run() reads the profile itself.
    try {
      if (worker) worker.receive(message.source);
    } catch {}
    return;
  }
  try {
    if (!worker) throw failed;
    port.postMessage(worker.run(setup, message.job));
    Atomics.store(done, 0, 1);
  } catch (e) {
    port.postMessage(String((e && e.stack) || e));
    Atomics.store(done, 0, 2);
  } finally {
    Atomics.notify(done, 0);
    port.close();
  }
});`;

/** A started worker, given its job once (take) and then waited for. */
class PooledWorker {
  private readonly done = new SharedArrayBuffer(4);
  private readonly port: MessagePort;
  private readonly thread: Worker;

  constructor(setup: WorkerSetup) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.thread = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        setup,
        done: this.done,
        port: port2,
        entry: require.resolve('./worker'),
        tsx: require.resolve('tsx/cjs'),
      },
      transferList: [port2],
      // The worker's own loaders, not the parent's (jest's transform does not reach threads).
      execArgv: [],
    });
    // A command that fails before handing out work exits without waiting for its workers.
    this.thread.unref();
    this.port.unref();
  }

  /** Sends what the parent's model was built from (structured-cloned). */
  provide(source: ModelSource): void {
    this.port.postMessage({ source });
  }

  take(job: WorkerJob): { wait(): WorkerResult } {
    // Delivered by the worker's own event loop, so it arrives while this thread blocks in wait().
    this.port.postMessage({ job });
    return {
      wait: () => {
        const flag = new Int32Array(this.done);
        if (Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
          this.stop();
          throw new Error(`synthesis worker did not finish in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
        }
        const message = receiveMessageOnPort(this.port)?.message;
        this.port.close();
        if (Atomics.load(flag, 0) === 2) throw new Error(`synthesis worker failed: ${message ?? 'no message'}`);
        return message as WorkerResult;
      },
    };
  }

  stop(): void {
    this.port.close();
    void this.thread.terminate();
  }
}

/** Worker threads that load what `setup` names as soon as they start, then each synthesize one job. */
export class WorkerPool {
  private readonly idle: PooledWorker[];
  private source?: ModelSource;

  constructor(
    readonly setup: WorkerSetup,
    count: number,
  ) {
    this.idle = Array.from({ length: count }, () => new PooledWorker(setup));
  }

  /** Sends every worker, and any started later, what the parent's model was built from. */
  provide(source: ModelSource): void {
    this.source = source;
    for (const w of this.idle) w.provide(source);
  }

  /** Gives `job` to `count` workers (started now if the pool has fewer) and stops the others. */
  take(job: WorkerJob, count: number): Array<{ wait(): WorkerResult }> {
    const taken = this.idle.splice(0, count);
    while (taken.length < count) {
      const w = new PooledWorker(this.setup);
      if (this.source) w.provide(this.source);
      taken.push(w);
    }
    this.close();
    return taken.map((w) => w.take(job));
  }

  /** Stops the workers not given a job. */
  close(): void {
    for (const w of this.idle.splice(0)) w.stop();
  }
}

/**
 * Workers for `synth` of a profile before it is read, when it is likely to need them: a large profile, on a
 * machine with more than one core, with no previous output to keep stacks from (or --full). Otherwise none;
 * synthesis then starts its workers itself if it turns out to need them.
 */
export function prestartWorkers(
  setup: WorkerSetup,
  opts: { readonly out: string; readonly full?: boolean },
): WorkerPool | undefined {
  const workers = defaultWorkers(PARALLEL_MIN_STACKS);
  if (workers < 2) return undefined;
  try {
    if (statSync(setup.profile).size < PRESTART_MIN_BYTES) return undefined;
  } catch {
    return undefined;
  }
  // An earlier output usually means a re-synth that keeps most stacks (src/synth/incremental.ts).
  if (!opts.full && existsSync(join(opts.out, INPUTS_FILE))) return undefined;
  return new WorkerPool(setup, workers - 1);
}
