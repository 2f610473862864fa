// The previous output after a swap: removed before synthesize() returns, or moved aside in one rename and deleted
// by a detached process (the CLI), whose leftovers the next synthesis into the folder removes.
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { synthesize } from '../../src/synth';
import { AS_OF, DEFAULT_PROFILE, loadModel } from '../support/profiles';
import { readTree } from '../support/synth';

const model = loadModel(DEFAULT_PROFILE, AS_OF);
const newOut = () => join(mkdtempSync(join(tmpdir(), 'patchline-cleanup-')), 'cdktf.out');
const siblings = (out: string) =>
  readdirSync(dirname(out))
    .filter((n) => n !== 'cdktf.out')
    .sort();

async function eventually(check: () => boolean, ms = 30_000): Promise<boolean> {
  for (const until = Date.now() + ms; !check() && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  return check();
}

/** A process ID that no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** A trash folder as a run killed after moving the previous output aside would leave it, with a file inside. */
function trash(out: string, pid: number): string {
  const dir = `${out}.old-${pid}-0`;
  mkdirSync(join(dir, 'stacks', 'x'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'x', 'cdk.tf.json'), '{}');
  return dir;
}

test('by default the previous output is gone when synthesize() returns', () => {
  const out = newOut();
  synthesize(model, out, { workers: 1 });
  synthesize(model, out, { workers: 1, full: true });
  expect(siblings(out)).toEqual([]);
});

test('in the background, the new output is complete on return and the previous one is deleted afterwards', async () => {
  const out = newOut();
  synthesize(model, out, { workers: 1 });
  const full = readTree(out);
  synthesize(model, out, { workers: 1, full: true, cleanup: 'background' });
  // Whatever the deleter has done so far, the output is whole and the trash is never inside it.
  expect(readTree(out)).toEqual(full);
  expect(siblings(out).every((n) => /^cdktf\.out\.old-\d+-\d+$/.test(n))).toBe(true);
  expect(await eventually(() => siblings(out).length === 0)).toBe(true);
});

test('trash whose owner is gone is removed by the next synthesis; trash a live process owns is left to it', async () => {
  const out = newOut();
  synthesize(model, out, { workers: 1 });
  const orphan = trash(out, deadPid());
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const owned = trash(out, sleeper.pid!);
    synthesize(model, out, { workers: 1 });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(owned)).toBe(true);
    // In the background too.
    const orphan2 = trash(out, deadPid());
    synthesize(model, out, { workers: 1, cleanup: 'background' });
    expect(await eventually(() => !existsSync(orphan2) && siblings(out).length === 1)).toBe(true);
    expect(existsSync(owned)).toBe(true);
  } finally {
    sleeper.kill();
  }
});
