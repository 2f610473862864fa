// The GitHub Actions workflow, run for real: its shell steps in order, in a temporary git repository with a base
// and a head commit, with `${{ }}` expressions from fixture events, against the offline terraform harness
// (plans) and a stand-in terraform (applies, which need AWS). A change to the workflow that breaks a step fails here.
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { parse } from 'yaml';
import { requireTerraformOrSkip } from '../support/offline-terraform';
import { ROOT } from '../support/profiles';
import { startStsStub, type StsStub } from '../support/sts-stub';
import { WorkflowRun, type Event, type Workflow } from '../support/workflow-runner';

const FILE = join(ROOT, '.github', 'workflows', 'patchline.yml');
const wf: Workflow & { on: any; permissions: any } = parse(readFileSync(FILE, 'utf8'), { uniqueKeys: true });
const PROFILE = 'test/fixtures/workflow/org.yaml';
const VARS = {
  PATCHLINE_PLAN_ROLE_ARN: 'arn:aws:iam::100000000001:role/github-plan',
  PATCHLINE_APPLY_ROLE_ARN: 'arn:aws:iam::100000000001:role/github-apply',
  PATCHLINE_PROFILE: PROFILE,
};

// Answers `version -json`, init and apply, logging applies; FAKE_TF_FAIL names stacks whose apply fails.
const FAKE_TERRAFORM = `#!/bin/sh
name=$(basename "$PWD")
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}'; exit 0;;
  apply)
    echo "apply $name$(case " $* " in *" -destroy "*) echo ' (destroy)';; esac)" >> "$FAKE_TF_LOG"
    case " $FAKE_TF_FAIL " in *" $name "*) echo "Error: boom in $name" >&2; exit 1;; esac
    echo "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.";;
esac
exit 0
`;

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** Commits the profile as edited; returns the commit. */
function commitProfile(repo: string, edit: (t: string) => string, message: string): string {
  const file = join(repo, PROFILE);
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit "${message}" changed nothing`);
  writeFileSync(file, after);
  git(repo, 'commit', '-qam', message);
  return git(repo, 'rev-parse', 'HEAD');
}

function failures(run: WorkflowRun): string {
  return run.record.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.job} / ${s.step}:\n${s.stdout}\n${s.stderr}`)
    .join('\n\n');
}

requireTerraformOrSkip()('the workflow, run step by step', () => {
  let root: string;
  let work: string;
  let origin: string;
  let sts: StsStub;
  let c0: string, c1: string, c2: string;
  let fakeBin: string;
  const log = () => join(root, 'tf-log');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'patchline-workflow-'));
    sts = await startStsStub();
    // The repository as committed and as changed here (tracked and new files), without node_modules.
    work = join(root, 'work');
    const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .stdout.split('\n')
      .filter((f) => f && existsSync(join(ROOT, f)));
    for (const f of files) {
      mkdirSync(dirname(join(work, f)), { recursive: true });
      cpSync(join(ROOT, f), join(work, f));
    }
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'base: ML3 target missed while enforce is on');
    c0 = git(work, 'rev-parse', 'HEAD');
    // The change: fixes the enforcement failure and moves the broad ring (app-patching changes).
    c1 = commitProfile(
      work,
      (t) => t.replace('enforce: true', 'enforce: false').replace('cron(0 22 ? * THU *)', 'cron(0 22 ? * WED *)'),
      'move the broad ring',
    );
    origin = join(root, 'origin.git');
    git(root, 'clone', '-q', '--bare', work, origin);
    // Deployed: the base (as if its apply had succeeded).
    git(origin, 'tag', 'patchline-applied', c0);
    fakeBin = join(root, 'fake-bin');
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, 'terraform'), FAKE_TERRAFORM);
    chmodSync(join(fakeBin, 'terraform'), 0o755);
    writeFileSync(log(), '');
  }, 60_000);

  afterAll(async () => {
    await sts?.close();
  });

  const setup = (extra: { binDirs?: string[]; env?: Record<string, string> } = {}) => ({
    origin,
    root,
    vars: VARS,
    secrets: {},
    stsUrl: sts.url,
    ...extra,
  });

  test('pull request: the base synth ignores its own enforcement failure, the affected stack is planned with the read-only role, the comment has its row', async () => {
    const event: Event = {
      name: 'pull_request',
      sha: c1,
      ref: 'refs/pull/7/merge',
      payload: {
        pull_request: { number: 7, base: { sha: c0 }, head: { repo: { full_name: 'acme/patchline-config' } } },
      },
    };
    const run = new WorkflowRun(wf, event, setup());
    const affected = await run.runJob('affected');
    expect(failures(run)).toBe('');
    expect(affected.result).toBe('success');
    expect(
      JSON.parse(affected.outputs.matrix).include.map((e: { stack: string; change: string }) => [e.stack, e.change]),
    ).toEqual([['app-patching', 'changed']]);
    expect(affected.outputs.count).toBe('1');
    expect(affected.summary).toContain(`Base: ${c0}`);

    const plan = await run.runJob('plan');
    expect(failures(run)).toBe('');
    expect(plan.result).toBe('success');
    expect(run.record.roles).toEqual([{ job: 'plan', role: VARS.PATCHLINE_PLAN_ROLE_ARN }]);
    // Every provider of the planned stack assumed the account's read-only role, never the deployment role.
    const assumed = sts.requests.filter((r) => r.action === 'AssumeRole').map((r) => r.params.RoleArn);
    expect(assumed.length).toBeGreaterThan(0);
    expect(new Set(assumed)).toEqual(new Set(['arn:aws:iam::100000000002:role/patchline-plan']));
    const planStep = run.record.steps.find((s) => s.job === 'plan' && s.step === 'terraform plan')!;
    // Offline state is empty, so everything plans as an addition; what matters is a real, successful plan.
    expect(planStep.stdout).toMatch(/app-patching\s+[1-9]\d*\s+0\s+0\s+\S+\s+ok/);

    const comment = await run.runJob('comment');
    expect(failures(run)).toBe('');
    expect(comment.result).toBe('success');
    expect(run.record.comments).toHaveLength(1);
    expect(run.record.comments[0].body).toMatch(/app-patching/);
    expect(run.record.comments[0].body).toContain('<!-- patchline-plan-report -->');
    expect(await run.runJob('apply')).toMatchObject({ result: 'skipped' });
  }, 300_000);

  test('push to main: a failed apply leaves the applied tag, so the next push applies that change again, in dependency order', async () => {
    // The pull request merged: main is c1.
    git(work, 'push', '-q', origin, 'main');
    const push = (sha: string, fail = ''): Event => ({
      name: 'push',
      sha,
      ref: 'refs/heads/main',
      payload: { before: '0'.repeat(40), after: sha },
    });
    const applied = () => git(origin, 'rev-parse', 'patchline-applied^{commit}');
    const applies = () => readFileSync(log(), 'utf8').trim().split('\n').filter(Boolean);

    const first = new WorkflowRun(
      wf,
      push(c1),
      setup({ binDirs: [fakeBin], env: { FAKE_TF_LOG: log(), FAKE_TF_FAIL: 'app-patching' } }),
    );
    expect((await first.runJob('affected')).outputs.count).toBe('1');
    expect(await first.runJob('plan')).toMatchObject({ result: 'skipped' });
    expect(await first.runJob('apply')).toMatchObject({ result: 'failure' });
    expect(first.record.roles).toEqual([{ job: 'apply', role: VARS.PATCHLINE_APPLY_ROLE_ARN }]);
    expect(first.record.steps.find((s) => s.step === 'Record the applied commit')?.outcome).toBe('skipped');
    expect(applies()).toEqual(['apply app-patching']);
    expect(applied()).toBe(c0);

    // Next push adds a region: every stack changes; the failed ring change is still in the diff against c0.
    c2 = commitProfile(
      work,
      (t) => t.replace('regions: [ap-southeast-2]', 'regions: [ap-southeast-2, ap-southeast-4]'),
      'add a region',
    );
    git(work, 'push', '-q', origin, 'main');
    writeFileSync(log(), '');
    const second = new WorkflowRun(
      wf,
      push(c2),
      setup({ binDirs: [fakeBin], env: { FAKE_TF_LOG: log(), FAKE_TF_FAIL: '' } }),
    );
    const affected = await second.runJob('affected');
    expect(JSON.parse(affected.outputs.matrix).include.map((e: { stack: string }) => e.stack)).toContain(
      'app-patching',
    );
    expect(await second.runJob('apply')).toMatchObject({ result: 'success' });
    expect(failures(second)).toBe('');
    const order = applies();
    expect(order).toContain('apply app-patching');
    expect(order.indexOf('apply root-inspector-delegation')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('apply root-inspector-delegation')).toBeLessThan(order.indexOf('apply app-inspector'));
    expect(applied()).toBe(c2);
    expect(readdirSync(root).length).toBeGreaterThan(0);
  }, 300_000);
});
