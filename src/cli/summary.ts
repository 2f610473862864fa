// The table printed after a multi-stack terraform run: stack, add/change/destroy, duration, result; totals last.
import { duration } from './progress';

/** What plan and apply results have in common. */
export interface StackOutcome {
  readonly stack: string;
  readonly ok: boolean;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly ms: number;
  readonly failedPhase?: string;
  /** Not run, and why. */
  readonly skipped?: string;
  readonly output: string;
}

export const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

/** `destroys` marks the stacks whose plan or apply was a destroy. */
export function summaryTable(outcomes: readonly StackOutcome[], destroys: ReadonlySet<string> = new Set()): string {
  const result = (r: StackOutcome) =>
    r.ok
      ? destroys.has(r.stack)
        ? 'ok (destroy)'
        : 'ok'
      : r.skipped
        ? `SKIPPED (${r.skipped})`
        : `FAILED (${r.failedPhase})`;
  const rows = outcomes.map((r) => [
    r.stack,
    r.ok ? String(r.add) : '-',
    r.ok ? String(r.change) : '-',
    r.ok ? String(r.destroy) : '-',
    r.skipped ? '-' : duration(r.ms),
    result(r),
  ]);
  const ok = outcomes.filter((r) => r.ok);
  const sum = (f: (r: StackOutcome) => number) => String(ok.reduce((n, r) => n + f(r), 0));
  const failed = outcomes.filter((r) => !r.ok && !r.skipped).length;
  const skipped = outcomes.filter((r) => r.skipped).length;
  const verdict =
    [failed && `${failed} FAILED`, skipped && `${skipped} SKIPPED`].filter(Boolean).join(', ') || 'all ok';
  const total = [
    `${outcomes.length} stacks`,
    sum((r) => r.add),
    sum((r) => r.change),
    sum((r) => r.destroy),
    '',
    verdict,
  ];
  const head = ['stack', 'add', 'change', 'destroy', 'duration', 'result'];
  const all = [head, ...rows, total];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, c) => (c >= 1 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(head), rule, ...rows.map(fmt), rule, fmt(total)].join('\n') + '\n';
}

/** The summary, then the end of terraform's output for every failure. */
export function summaryWithFailures(outcomes: readonly StackOutcome[], destroys: ReadonlySet<string>): string {
  let text = '\n' + summaryTable(outcomes, destroys);
  for (const r of outcomes.filter((x) => !x.ok && !x.skipped))
    text += `\n--- ${r.stack}: terraform ${r.failedPhase} failed:\n${tail(r.output)}\n`;
  return text;
}
