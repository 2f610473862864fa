// Runs a command as its own process, measuring wall time, CPU time and peak memory.
import { spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
export const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface Run {
  ms: number;
  /** User + system CPU time of the whole process tree (GNU time), ms: steadier than wall time on a busy machine. */
  cpuMs?: number;
  /** Peak resident set size of the largest process, MB; undefined when it could not be measured. */
  rssMb?: number;
  ok: boolean;
  note?: string;
}

/**
 * Runs a command, measuring wall time and peak RSS: GNU time's "Maximum resident set size" (the largest process in
 * the tree) when /usr/bin/time exists, else by polling the child's VmHWM in /proc (the top process only).
 */
export function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const argv = TIME ? [TIME, '-v', cmd, ...args] : [cmd, ...args];
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    let stdout = '';
    let hwmKb = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = TIME
      ? undefined
      : setInterval(() => {
          const m = /VmHWM:\s+(\d+) kB/.exec(
            existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : '',
          );
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        }, 50);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const maxKb = TIME ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) : hwmKb;
      const rssMb = Number.isFinite(maxKb) && maxKb > 0 ? maxKb / 1024 : undefined;
      const secs = (label: string) =>
        Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
      const cpu = (secs('User') + secs('System')) * 1000;
      const cpuMs = Number.isFinite(cpu) ? cpu : undefined;
      if (timedOut) return resolve({ ms, ok: false, note: `skipped: still running after ${timeoutMs / 60_000} min` });
      if (code !== 0)
        return resolve({
          ms,
          rssMb,
          ok: false,
          note: `exit ${code}: ${(stderr || stdout).split('\n').filter(Boolean).slice(-3).join(' / ')}`,
        });
      resolve({ ms, cpuMs, rssMb, ok: true });
    });
  });
}
