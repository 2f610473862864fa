// The offline terraform harness against the real binary (provider mirror, STS stub): see ../offline-terraform.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlanEvent, PlanResult } from '../../src/terraform/run';
import { writeOutDir } from '../fixtures/offline-stacks';
import { checkStacksOffline, requireTerraformOrSkip } from '../support/offline-terraform';

// Provider start-up takes seconds per command; three stacks at parallelism 2 take ~20-30 s.
const TERRAFORM_TIMEOUT = 5 * 60_000;

requireTerraformOrSkip()('offline terraform (real binary, provider mirror, STS stub)', () => {
  let outDir: string;
  let workDir: string;
  let results: Record<string, PlanResult>;
  const events: PlanEvent[] = [];

  beforeAll(async () => {
    outDir = writeOutDir();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-offline-test-'));
    const list = await checkStacksOffline(outDir, { workDir, showJson: true, onEvent: (e) => events.push(e) });
    results = Object.fromEntries(list.map((r) => [r.stack, r]));
  }, TERRAFORM_TIMEOUT);

  afterAll(() => {
    for (const d of [outDir, workDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('validates and plans a stack with an S3 backend and two assumed-role providers', () => {
    const good = results.good;
    expect(good.output).toBe('');
    expect(good).toMatchObject({ ok: true, add: 3, change: 0, destroy: 0 });
    const plan = JSON.parse(fs.readFileSync(good.planJsonPath!, 'utf8'));
    // data.aws_caller_identity is read during plan: STS stub -> account of the assumed role.
    expect(plan.planned_values.outputs.us_account.value).toBe('222222222222');
    const phases = events.filter((e) => e.stack === 'good' && e.ok !== undefined).map((e) => e.phase);
    expect(phases).toEqual(['init', 'validate', 'plan', 'show', 'done']);
  });

  it("fails an invalid attribute at validate, with terraform's message", () => {
    expect(results.invalid).toMatchObject({ ok: false, failedPhase: 'validate' });
    expect(results.invalid.output).toContain('No argument or block type is named "bucket_colour"');
  });

  it('plans a stack whose backend is a terraform cloud block', () => {
    expect(results.cloud).toMatchObject({ ok: true, add: 1, output: '' });
  });

  it('leaves the synthesized output untouched', () => {
    expect(fs.readdirSync(path.join(outDir, 'stacks', 'good'))).toEqual(['cdk.tf.json']);
  });
});
