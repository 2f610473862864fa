// Atomic output against a real interruption: a synth process killed (SIGKILL, no cleanup possible)
// while it writes leaves the previous cdktf.out exactly as it was, and the next run recovers.
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { ACME, AS_OF, cli, DEFAULT_PROFILE, ROOT } from '../support/profiles';
import { readTree } from '../support/synth';

/** Where in the temporary output to wait before killing: it exists, stacks are being written, most are written. */
const KILL_POINTS: [string, (tmp: string) => boolean][] = [
  ['as soon as the temporary output exists', (tmp) => existsSync(tmp)],
  ['while stacks are being written', (tmp) => existsSync(join(tmp, 'stacks'))],
  [
    'once several stacks are written',
    (tmp) => existsSync(join(tmp, 'stacks')) && readdirSync(join(tmp, 'stacks')).length >= 4,
  ],
];

/** Starts `patchline synth` and SIGKILLs it when `ready` holds for its temporary output. */
function killWhen(
  profile: string,
  out: string,
  ready: (tmp: string) => boolean,
): Promise<{ killed: boolean; tmp: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'cli.ts'), 'synth', profile, '--out', out, '--as-of', AS_OF],
    {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      stdio: 'ignore',
    },
  );
  const tmp = `${out}.tmp-${child.pid}`;
  return new Promise((done) => {
    const poll = setInterval(() => {
      if (ready(tmp)) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 1);
    child.on('exit', (_, signal) => {
      clearInterval(poll);
      done({ killed: signal === 'SIGKILL', tmp });
    });
  });
}

const leftovers = (out: string) =>
  readdirSync(dirname(out))
    .filter((n) => n !== 'cdktf.out')
    .sort();

/** Leftovers once the detached process that deletes the previous output is done (src/synth/cleanup.ts). */
async function settledLeftovers(out: string, ms = 30_000): Promise<string[]> {
  const until = Date.now() + ms;
  while (leftovers(out).some((n) => n.startsWith('cdktf.out.old-')) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  return leftovers(out);
}

test('SIGKILL mid-synthesis never touches the previous output; the next run swaps in and cleans up', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'patchline-atomic-')), 'cdktf.out');
  expect(cli(['synth', DEFAULT_PROFILE, '--out', out, '--as-of', AS_OF]).code).toBe(0);
  const before = readTree(out);

  const stale: string[] = [];
  for (const [, ready] of KILL_POINTS) {
    const { killed, tmp } = await killWhen(ACME, out, ready);
    // A run that finished before the kill point proves nothing; every point is reached well before the swap.
    expect(killed).toBe(true);
    expect(readTree(out)).toEqual(before);
    if (existsSync(tmp)) stale.push(tmp);
  }
  // The kills left half-written temporary outputs behind (nothing can clean up after SIGKILL)...
  expect(stale.length).toBeGreaterThan(0);

  // ...which the next run removes, after swapping in its complete output.
  const r = cli(['synth', ACME, '--out', out, '--as-of', AS_OF]);
  expect(r.code).toBe(0);
  expect(await settledLeftovers(out)).toEqual([]);
  const after = readTree(out);
  expect(Object.keys(after)).toContain('/stacks/shared-services-image-factory/cdk.tf.json');
  expect(after).not.toEqual(before);
}, 120_000);
