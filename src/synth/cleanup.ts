// Removing the previous output after a swap. It is a tree of a thousand folders at 1,000 accounts, and unlinking
// it took longer than synthesizing the one stack an edit changed, so the CLI moves it aside (one atomic rename)
// and lets a detached process delete it: the command returns as soon as the new output is in place.
//
// An output folder's trash is `<out>.old-<pid>[-n]`, owned by process <pid>: the synthesis that moved it there,
// then the deleter, which renames it to its own pid first. A rename succeeds once, so two deleters never share a
// tree; trash whose owner is gone (a killed deleter, a synthesis killed between rename and handoff) is handed to
// a new deleter by the next synthesis into that folder (removeTrash).
import { spawn } from 'child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'fs';
import { basename, dirname, join } from 'path';

/** How the previous output is removed after a swap: before synthesize() returns, or by a detached process. */
export type Cleanup = 'wait' | 'background';

/** True when a process with this ID exists (EPERM: it exists but belongs to someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TRASH = /\.old-(\d+)(?:-\d+)?$/;

let moved = 0;

/** Moves `dir` (beside `outdir`) aside as this process's trash; returns the new path. */
export function toTrash(outdir: string, dir: string): string {
  let trash: string;
  do trash = `${outdir}.old-${process.pid}-${moved++}`;
  while (existsSync(trash));
  renameSync(dir, trash);
  return trash;
}

/**
 * The deleter, in plain JavaScript: claims each tree by renaming it to its own pid (skipping any another deleter
 * claimed first), then removes it, at the lowest priority so it never competes with the work that follows.
 */
const DELETER = `
const fs = require('fs');
try { require('os').setPriority(19); } catch {}
process.argv.slice(1).forEach((dir, i) => {
  const mine = dir.replace(${TRASH}, '.old-' + process.pid + '-' + i);
  try { fs.renameSync(dir, mine); } catch { return; }
  try { fs.rmSync(mine, { recursive: true, force: true }); } catch {}
});`;

/** Removes trash folders now, or hands them to a detached process that outlives this one. */
export function removeTrash(dirs: readonly string[], how: Cleanup): void {
  if (!dirs.length) return;
  if (how === 'background') {
    try {
      const child = spawn(process.execPath, ['-e', DELETER, ...dirs], {
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      // Nothing to do if it fails to start: the next synthesis into this folder finds the trash ownerless.
      child.on('error', () => undefined);
      child.unref();
      return;
    } catch {
      // spawn can throw synchronously (EAGAIN, EMFILE): remove it ourselves.
    }
  }
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A deleter started by another run may be removing it too: whatever is left is ownerless next time.
    }
  }
}

/** Trash beside `outdir` whose owner is gone: left by a killed deleter, or a synthesis killed before its handoff. */
export function ownerlessTrash(outdir: string): string[] {
  const parent = dirname(outdir);
  const prefix = `${basename(outdir)}.old-`;
  return (existsSync(parent) ? readdirSync(parent) : [])
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(parent, name))
    .filter((path) => {
      const m = TRASH.exec(path);
      const pid = m ? Number(m[1]) : NaN;
      return m && path === `${outdir}${m[0]}` && pid !== process.pid && !alive(pid);
    });
}
