// The plan runner against real terraform, offline: see ../plan.test.ts for selection, progress and summary.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { planCommand, selectTargets, type PlanTarget } from '../../src/cli/plan';
import type { Output } from '../../src/cli/progress';
import { markdownReport, readResults } from '../../src/cli/plan-report';
import type { PlanResult } from '../../src/terraform/run';
import { copyStacksOffline, offlineEnv, requireTerraformOrSkip } from '../support/offline-terraform';
import { ACME } from '../support/profiles';
import { startStsStub } from '../support/sts-stub';
import { synth } from '../support/synth';

/** An Output that records what was written. */
function capture(isTTY = false): Output & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 100, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

requireTerraformOrSkip()('plan command against real terraform, offline', () => {
  const root = mkdtempSync(join(tmpdir(), 'patchline-plan-'));
  const jsonDir = join(root, 'plans');
  const acme = synth(ACME);
  const out = capture(false);
  let code = -1;
  let results: PlanResult[] = [];
  let targets: PlanTarget[] = [];

  beforeAll(async () => {
    const stub = await startStsStub();
    try {
      // Offline copies laid out like cdktf.out, so selection runs on the real manifest.
      copyStacksOffline(acme.out, root, stub.url);
      copyFileSync(join(acme.out, 'stacks.json'), join(root, 'stacks.json'));
      targets = selectTargets({ out: root });
      ({ code, results } = await planCommand({ targets, parallelism: 2, env: offlineEnv(root), jsonDir, out }));
    } finally {
      await stub.close();
    }
  }, 15 * 60_000);

  test('plans every Acme stack and exits 0', () => {
    expect(
      results.filter((r) => !r.ok).map((r) => `${r.stack} (${r.failedPhase}): ${r.output.slice(0, 1500)}`),
    ).toEqual([]);
    expect(code).toBe(0);
    expect(results.map((r) => r.stack).sort()).toEqual([...acme.names].sort());
  });

  test('the summary has a row per stack with its counts and result', () => {
    const text = out.text();
    expect(text).toMatch(/^Planning 11 stacks, 2 at a time\.$/m);
    for (const r of results) {
      expect(text).toMatch(new RegExp(`^${r.stack} +${r.add} +${r.change} +${r.destroy} +[\\d.ms]+ +ok$`, 'm'));
    }
    expect(text).toMatch(/^11 stacks +\d+ +0 +0 +all ok$/m);
    expect(text.match(/^\[\s*\d+\/11\] ok {3}\S+ (\d+m)?[\d.]+s$/gm)).toHaveLength(11);
  });

  test('terraform show -json per stack, and a result file the report reads', () => {
    const files = readdirSync(jsonDir).sort();
    expect(files).toEqual(acme.names.flatMap((n) => [`${n}.plan.json`, `${n}.result.json`]).sort());
    for (const r of results) {
      const plan = JSON.parse(readFileSync(join(jsonDir, `${r.stack}.plan.json`), 'utf8'));
      expect(plan.format_version).toMatch(/^1\./);
      const creates = (plan.resource_changes ?? []).filter((c: any) => c.change.actions.join() === 'create');
      expect(creates).toHaveLength(r.add);
    }
    const md = markdownReport(readResults([jsonDir]));
    expect(md).toContain(':white_check_mark: 11 stacks planned');
    for (const n of acme.names) expect(md).toContain(`| \`${n}\` |`);
  });
});

requireTerraformOrSkip()('a failing plan', () => {
  test('is reported with its phase and error, and the command exits 1', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'patchline-plan-fail-')), 'broken');
    mkdirSync(dir);
    // No providers (init is instant); a required variable with -input=false makes plan fail.
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ variable: { needed: { type: 'string' } } }));
    const out = capture(false);
    const r = await planCommand({
      targets: [{ name: 'broken', key: '0/broken', dir, after: [] }],
      env: offlineEnv(join(dir, '..')),
      out,
    });
    expect(r.code).toBe(1);
    expect(out.text()).toMatch(/^broken +- +- +- +(\d+m)?[\d.]+s +FAILED \(plan\)$/m);
    expect(out.text()).toMatch(/--- broken: terraform plan failed:\n[\s\S]*No value for required variable/);
  }, 120_000);
});
