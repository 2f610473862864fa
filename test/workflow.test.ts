// The GitHub Actions workflow's triggers and permissions, read from the file (its steps, run for real against
// the offline terraform harness: e2e/workflow.test.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT } from './support/profiles';
import type { Workflow } from './support/workflow-runner';

const FILE = join(ROOT, '.github', 'workflows', 'patchline.yml');
const wf: Workflow & { on: any; permissions: any } = parse(readFileSync(FILE, 'utf8'), { uniqueKeys: true });

describe('the workflow, run step by step', () => {
  test('the triggers, and permissions: only the apply job can write, behind the production environment', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(wf.jobs.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(wf.jobs.apply.environment).toBe('production');
    expect(JSON.stringify(wf.jobs.plan)).not.toContain('APPLY_ROLE');
    expect(JSON.stringify(wf.jobs.apply)).not.toContain('PLAN_ROLE');
    // Every action is pinned to a full commit SHA, with the tag in a comment.
    const text = readFileSync(FILE, 'utf8');
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(10);
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/# v\d+\.\d+\.\d+/);
    }
    expect([...text.matchAll(/node-version: (\d+)/g)].every(([, v]) => Number(v) >= 22 && Number(v) % 2 === 0)).toBe(
      true,
    );
  });
});
