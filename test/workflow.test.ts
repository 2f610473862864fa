// The GitHub Actions workflow: valid YAML, only commands that exist, and the review/apply guarantees it promises.
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { VERBS } from '../src/cli/verbs';
import { ROOT } from './support/profiles';

const FILE = join(ROOT, '.github', 'workflows', 'patchline.yml');
const text = readFileSync(FILE, 'utf8');
const wf = parse(text, { uniqueKeys: true });
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
const jobs: Record<string, { steps: Step[]; permissions?: Record<string, string>; environment?: string; if?: string; strategy?: any; needs?: string | string[] }> = wf.jobs;
const runs = Object.values(jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n');

describe('.github/workflows/patchline.yml', () => {
  test('is YAML with jobs and steps', () => {
    expect(Object.keys(jobs).sort()).toEqual(['affected', 'apply', 'comment', 'plan']);
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.on.push.branches).toEqual(['main']);
    for (const job of Object.values(jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  test('every npm script it runs exists in package.json', () => {
    const used = [...runs.matchAll(/npm run(?: -s| --silent)* ([\w:-]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const s of used) expect(Object.keys(scripts)).toContain(s);
  });

  test('every patchline verb and flag it uses is one the CLI knows', () => {
    const calls = [...runs.matchAll(/npm run(?: -s)* patchline -- (\S+)([^\n]*)/g)];
    const verbs = new Set(calls.map((m) => m[1]));
    expect([...verbs].sort()).toEqual(['affected', 'apply', 'plan', 'plan-report']);
    for (const v of verbs) expect(Object.keys(VERBS)).toContain(v);
    for (const [, verb, rest] of calls) {
      const usage = VERBS[verb as keyof typeof VERBS][0];
      for (const [flag] of rest.matchAll(/--[a-z-]+/g)) expect(usage).toContain(flag);
    }
  });

  test('actions are pinned to a version', () => {
    const uses = Object.values(jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@v\d+$|^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });

  test('pull requests: plans run per affected stack with the read-only role, and nothing can write but the comment', () => {
    const plan = jobs.plan;
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(plan.strategy.matrix).toBe('${{ fromJSON(needs.affected.outputs.matrix) }}');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const creds = plan.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
    expect(creds.with!['role-to-assume']).toBe('${{ vars.PATCHLINE_PLAN_ROLE_ARN }}');
    expect(plan.steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && /plans/.test(String(s.with?.path)))).toBe(true);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(jobs.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(jobs.affected.permissions).toBeUndefined();
  });

  test('main: applies only after the production environment approves, with the apply role', () => {
    const apply = jobs.apply;
    expect(apply.if).toContain("github.event_name == 'push'");
    expect(apply.environment).toBe('production');
    const creds = apply.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
    expect(creds.with!['role-to-assume']).toBe('${{ vars.PATCHLINE_APPLY_ROLE_ARN }}');
    expect(apply.steps.map((s) => s.run ?? '').join()).toMatch(/patchline -- apply --out \.\.\/out\/head --affected \.\.\/out\/base/);
    // The plan role never appears where applies happen, and the apply role never where pull requests run.
    expect(JSON.stringify(jobs.plan)).not.toContain('APPLY_ROLE');
    expect(JSON.stringify(apply)).not.toContain('PLAN_ROLE');
  });
});
