// `patchline plan-report <json-dir>...`: one Markdown summary of every `<stack>.result.json` that `plan --json-dir`
// wrote (from one run or many matrix jobs), for the pull request comment.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { StackResultFile } from './plan';
import { duration } from './progress';

/** Marks the comment so the workflow edits it instead of adding another. */
export const REPORT_MARKER = '<!-- patchline-plan-report -->';

/** GitHub rejects comments over 65,536 characters; rows beyond this are left to the artifacts. */
const MAX_ROWS = 200;

export function readResults(dirs: readonly string[]): StackResultFile[] {
  const results: StackResultFile[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.result.json'))
      .sort()) {
      results.push(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    }
  }
  return results;
}

/** Failures first, then stacks with changes, then the rest; by name within each group. */
export function markdownReport(results: readonly StackResultFile[], heading = 'Patchline plan'): string {
  if (!results.length)
    return `${REPORT_MARKER}\n### ${heading}\n\nNo stacks are affected by this change: nothing to plan.\n`;
  const rank = (r: StackResultFile) => (!r.ok ? 0 : r.add + r.change + r.destroy > 0 ? 1 : 2);
  const sorted = [...results].sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
  const ok = results.filter((r) => r.ok);
  const failed = results.length - ok.length;
  const sum = (f: (r: StackResultFile) => number) => ok.reduce((n, r) => n + f(r), 0);
  const lines = [
    REPORT_MARKER,
    `### ${heading}: ${failed ? `:x: ${failed} of ${results.length} stacks failed` : `:white_check_mark: ${results.length} stacks planned`}`,
    '',
    `**${sum((r) => r.add)}** to add, **${sum((r) => r.change)}** to change, **${sum((r) => r.destroy)}** to destroy.`,
    '',
    '| stack | why | add | change | destroy | duration | result |',
    '|---|---|--:|--:|--:|--:|---|',
    ...sorted.slice(0, MAX_ROWS).map((r) => {
      const n = (v: number) => (r.ok ? String(v) : '–');
      const result = r.ok ? (r.destroyPlan ? 'ok (destroy plan)' : 'ok') : `**failed** (${r.failedPhase})`;
      return `| \`${r.stack}\` | ${r.reason ?? ''} | ${n(r.add)} | ${n(r.change)} | ${n(r.destroy)} | ${duration(r.ms)} | ${result} |`;
    }),
  ];
  if (sorted.length > MAX_ROWS)
    lines.push('', `…and ${sorted.length - MAX_ROWS} more stacks without failures; see the plan artifacts.`);
  // At most 10 failures of at most 3,000 characters each keep the comment under GitHub's limit.
  for (const r of sorted.filter((x) => !x.ok).slice(0, 10)) {
    const error = (r.error ?? '').slice(-3000).replace(/```/g, "'''");
    lines.push(
      '',
      `<details><summary><code>${r.stack}</code>: terraform ${r.failedPhase} failed</summary>`,
      '',
      '```',
      error,
      '```',
      '</details>',
    );
  }
  lines.push(
    '',
    'Plan JSON for every stack (`terraform show -json`) is attached to the workflow run as `plan-*` artifacts.',
  );
  return lines.join('\n') + '\n';
}
