// The pull request comment rendered from plan result files.
import type { StackResultFile } from '../src/cli/plan';
import { markdownReport, REPORT_MARKER } from '../src/cli/plan-report';

const result = (stack: string, fields: Partial<StackResultFile> = {}): StackResultFile => ({
  stack,
  destroyPlan: false,
  ok: true,
  add: 0,
  change: 0,
  destroy: 0,
  ms: 1000,
  ...fields,
});

describe('plan report', () => {
  test('failures first with their error, then stacks with changes, then no-ops; totals of successful plans', () => {
    const md = markdownReport([
      result('a-noop'),
      result('b-adds', { add: 3, reason: 'changed' }),
      result('c-gone', { destroy: 2, destroyPlan: true, reason: 'removed' }),
      result('d-broken', { ok: false, failedPhase: 'init', error: 'Error: access denied ```x```' }),
    ]);
    expect(md.startsWith(REPORT_MARKER)).toBe(true);
    expect(md).toContain(':x: 1 of 4 stacks failed');
    expect(md).toContain('**3** to add, **0** to change, **2** to destroy.');
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => r.split('`')[1])).toEqual(['d-broken', 'b-adds', 'c-gone', 'a-noop']);
    expect(rows[0]).toBe('| `d-broken` |  | – | – | – | 1.0s | **failed** (init) |');
    expect(rows[2]).toBe('| `c-gone` | removed | 0 | 0 | 2 | 1.0s | ok (destroy plan) |');
    expect(md).toContain(
      "<details><summary><code>d-broken</code>: terraform init failed</summary>\n\n```\nError: access denied '''x'''\n```",
    );
  });

  test('nothing affected says so', () => {
    expect(markdownReport([])).toContain('No stacks are affected by this change');
  });

  test("a thousand stacks stay under GitHub's comment limit", () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      result(`app-${String(i).padStart(4, '0')}-prod-patching`, {
        add: 40,
        ok: i % 97 !== 0,
        failedPhase: 'plan',
        error: 'x'.repeat(5000),
      }),
    );
    const md = markdownReport(many);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain('…and 800 more stacks without failures');
    expect(md).toContain(':x: 11 of 1000 stacks failed');
  });
});
