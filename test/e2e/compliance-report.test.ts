// The report verb and compliance.enforce run as a user would: the CLI and the cdktf app in child processes.
import { spawnSync } from 'child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { renderEvidence, REPORT_FILE, TIMELINE_FILE } from '../../src/compliance/report';
import { pathToFileURL } from 'url';
import { ACME, AS_OF, cli, editedCopy, loadModel, ROOT } from '../support/profiles';

// `--import tsx` resolves from the working directory; these runs use other ones, so name tsx's loader by path.
const TSX = pathToFileURL(
  join(
    ROOT,
    'node_modules',
    'tsx',
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'tsx', 'package.json'), 'utf8')).exports['.'],
  ),
).href;
/** Runs a TypeScript entry point from `cwd`, as `node --import tsx` would from the repository. */
function runIn(cwd: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(ROOT, script), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const acme = renderEvidence(loadModel(ACME));
const md = acme.markdown;
const tmp = () => mkdtempSync(join(tmpdir(), 'patchline-evidence-'));
const noLane = (t: string) =>
  t.replace(/  # Every night, across all rings[\s\S]*?reboot: if-needed\n  scan:/, '  scan:');

describe('report verb', () => {
  test('`npm run report -- p/acme.yaml` from another directory writes evidence/ there, byte-identical to the in-process report', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'p'));
    copyFileSync(ACME, join(dir, 'p', 'acme.yaml'));
    cpSync(join(dirname(ACME), 'components'), join(dir, 'p', 'components'), { recursive: true });
    const r = runIn(dir, 'cli.ts', ['report', 'p/acme.yaml', '--as-of', AS_OF]);
    // Only Acme's warnings (no build network, no Lambda code scanning in Melbourne, WED#2 before Patch Tuesday) reach stderr.
    expect([r.code, r.stderr.split('\n').filter((l) => l && !/ {2}warning: /.test(l))]).toEqual([0, []]);
    expect(r.stderr).toMatch(
      /^p\/acme\.yaml:118:15 {2}imageFactory\.pipelines\.windows-2022-base\.schedule\.cron {2}warning: runs before Patch Tuesday in September 2027: /m,
    );
    expect(r.stdout).toBe(
      'evidence/patch-operating-systems.md, evidence/patch-timeline.svg: Essential Eight 2023-11 as of 2026-11-24: ML2 reached (target ML2)\n',
    );
    expect(readdirSync(join(dir, 'evidence')).sort()).toEqual([REPORT_FILE, TIMELINE_FILE].sort());
    expect(readFileSync(join(dir, 'evidence', REPORT_FILE), 'utf8')).toBe(
      md.replace('profile `profile.yaml`', 'profile `acme.yaml`'),
    );
    expect(readFileSync(join(dir, 'evidence', TIMELINE_FILE), 'utf8')).toBe(acme.svg);
  });
});

describe('compliance.enforce', () => {
  test('synth of Acme without the expedite lane stops with exit 2, names ISM-1877, writes nothing', () => {
    const dir = tmp();
    const out = join(dir, 'cdktf.out');
    mkdirSync(out);
    writeFileSync(join(out, 'keep'), 'previous output');
    const bad = editedCopy(ACME, noLane);
    for (const args of [
      ['synth', bad, '--as-of', AS_OF, '--out', out],
      ['validate', bad, '--as-of', AS_OF],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      // One line per cause, at the ring whose window makes it too slow, naming the account and baseline.
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => !/ {2}warning: /.test(l));
      expect(lines.slice(0, -1)).toEqual([
        expect.stringMatching(
          /profile\.yaml:\d+:\d+ {2}patching\.rings\.\S+ {2}ISM-1877 \(ML2\) is not met for account payments-prod: critical or exploited: (\S+: )?172\.0 h .*\(ring \S+\) > 48 h$/,
        ),
        expect.stringMatching(
          /profile\.yaml:\d+:\d+ {2}patching\.rings\.\S+ {2}ISM-1877 \(ML2\) is not met for account website-prod: critical or exploited: .*\(ring \S+\) > 48 h$/,
        ),
      ]);
      expect(lines[lines.length - 1]).toBe(
        'Essential Eight 2023-11 maturity level 2 is not met (reached: none) and compliance.enforce is true, so synthesis stops; nothing was written. Fix the requirements above, record an exemption, or run `npm run report` for the evidence.',
      );
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(readdirSync(out)).toEqual(['keep']);
  });

  test('the cdktf app (main.ts) enforces too, reading PATCHLINE_AS_OF', () => {
    const dir = tmp();
    const r = runIn(dir, 'main.ts', [], {
      PROFILE: editedCopy(ACME, noLane),
      PATCHLINE_AS_OF: AS_OF,
      CDKTF_OUTDIR: join(dir, 'out'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/patching\.rings\.production {2}ISM-1877 \(ML2\) is not met for account payments-prod/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
