// The plan runner: stack selection, progress display and summary (the real offline run: e2e/plan.test.ts).
import { join } from 'path';
import { selectTargets } from '../src/cli/plan';
import { summaryTable } from '../src/cli/summary';
import { Progress, type Output } from '../src/cli/progress';
import type { PlanResult } from '../src/terraform/run';
import { ACME, editedCopy, replaceOnce } from './support/profiles';
import { synth } from './support/synth';

/** An Output that records what was written. */
function capture(isTTY = false): Output & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 100, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

const ESC = '\x1b[';

describe('selecting stacks', () => {
  const acme = synth(ACME);

  test('all stacks, in dependency order, each in its own directory', () => {
    const t = selectTargets({ out: acme.out });
    expect(t.map((x) => x.name).sort()).toEqual([...acme.names].sort());
    const at = (n: string) => t.findIndex((x) => x.name === n);
    expect(at('management-inspector-delegation')).toBeLessThan(at('audit-inspector'));
    expect(at('audit-inspector')).toBeLessThan(at('shared-services-image-factory'));
    expect(at('data-platform-prod-image-consumer')).toBeLessThan(at('shared-services-image-factory'));
    expect(t.every((x) => x.dir === join(acme.out, 'stacks', x.name) && !x.destroy)).toBe(true);
    const after = (n: string) => t.find((x) => x.name === n)!.after;
    expect(after('shared-services-image-factory')).toEqual([
      '111111111111/inspector-delegation',
      '222222222222/evidence',
      '222222222222/inspector',
      '777777777777/image-consumer',
    ]);
    expect(after('payments-prod-patching')).toEqual(['222222222222/evidence']);
  });

  test('--affected: removed stacks are destroy plans in the base output; --stack and --shard narrow it', () => {
    // Dropping the infrastructure OU from the patch targets removes shared-services-patching.
    const head = synth(
      editedCopy(ACME, (s) =>
        replaceOnce(s, 'organizationalUnits: [workloads, infrastructure]', 'organizationalUnits: [workloads]'),
      ),
    );
    const t = selectTargets({ out: head.out, affected: acme.out });
    expect(t).toEqual([
      {
        name: 'shared-services-patching',
        key: '333333333333/patching',
        dir: join(acme.out, 'stacks', 'shared-services-patching'),
        change: 'removed',
        destroy: true,
        after: [],
      },
    ]);
    expect(selectTargets({ out: head.out, affected: acme.out, stacks: ['shared-services-patching'] })).toEqual(t);
    expect(() => selectTargets({ out: head.out, affected: acme.out, stacks: ['audit-inspector'] })).toThrow(
      'stack audit-inspector is not affected',
    );
    expect(() => selectTargets({ out: acme.out, stacks: ['audit-inspectr'] })).toThrow(
      /is not a stack of .* \(did you mean "audit-inspector"\?\)/,
    );
    const all = selectTargets({ out: acme.out });
    const shards = [1, 2, 3].map((index) => selectTargets({ out: acme.out, shard: { index, count: 3 } }));
    expect(
      shards
        .flat()
        .map((x) => x.name)
        .sort(),
    ).toEqual(all.map((x) => x.name).sort());
    expect(shards.map((s) => s.length)).toEqual([4, 4, 3]);
  });
});

describe('progress and summary', () => {
  test('summary table: one row per stack with add/change/destroy, duration and result, then totals', () => {
    const results: PlanResult[] = [
      { stack: 'a-patching', ok: true, add: 12, change: 0, destroy: 1, ms: 8_400, output: '' },
      {
        stack: 'b-inspector',
        ok: false,
        add: 0,
        change: 0,
        destroy: 0,
        ms: 61_000,
        failedPhase: 'plan',
        output: 'Error: boom',
      },
      { stack: 'c-consumer', ok: true, add: 0, change: 0, destroy: 4, ms: 3_000, output: '' },
    ];
    const lines = summaryTable(
      [
        ...results,
        {
          stack: 'd-factory',
          ok: false,
          add: 0,
          change: 0,
          destroy: 0,
          ms: 0,
          output: '',
          skipped: 'b-inspector failed',
        },
      ],
      new Set(['c-consumer']),
    )
      .trimEnd()
      .split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['stack', 'add', 'change', 'destroy', 'duration', 'result']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['a-patching', '12', '0', '1', '8.4s', 'ok']);
    expect(lines[3].split(/\s{2,}/)).toEqual(['b-inspector', '-', '-', '-', '1m01s', 'FAILED (plan)']);
    expect(lines[4].split(/\s{2,}/)).toEqual(['c-consumer', '0', '0', '4', '3.0s', 'ok (destroy)']);
    expect(lines[5].split(/\s{2,}/)).toEqual(['d-factory', '-', '-', '-', '-', 'SKIPPED (b-inspector failed)']);
    expect(lines[7].split(/\s{2,}/)).toEqual(['4 stacks', '12', '0', '5', '1 FAILED, 1 SKIPPED']);
  });

  test('not a TTY: plain lines, one per finished stack, no escape codes', () => {
    const out = capture(false);
    const p = new Progress(out, 2);
    p.event({ stack: 'a-patching', phase: 'init' });
    p.event({ stack: 'a-patching', phase: 'init', ok: true, ms: 10 });
    p.event({ stack: 'a-patching', phase: 'plan' });
    p.event({ stack: 'a-patching', phase: 'done', ok: true, ms: 1500 });
    p.event({ stack: 'b-inspector', phase: 'init' });
    p.event({ stack: 'b-inspector', phase: 'done', ok: false, ms: 200 });
    p.finish();
    expect(out.text()).toBe('[1/2] ok   a-patching 1.5s\n[2/2] FAIL b-inspector (init failed) 0.2s\n');
  });

  test('a TTY: the running stacks are redrawn in place and erased at the end', () => {
    const out = capture(true);
    const p = new Progress(out, 2);
    p.event({ stack: 'a-patching', phase: 'init' });
    p.event({ stack: 'b-inspector', phase: 'plan' });
    p.event({ stack: 'a-patching', phase: 'done', ok: true, ms: 1500 });
    p.finish();
    const text = out.text();
    expect(text).toContain('plan: 0/2 done, 2 running, 0 failed');
    expect(text).toMatch(/ {2}plan {5}b-inspector {2}\d/);
    expect(text).toContain(`${ESC}3A\r${ESC}J[1/2] ok   a-patching 1.5s\n`); // status block (header + 2 stacks) erased first
    expect(text.endsWith(`${ESC}J`)).toBe(true);
  });
});
