// The apply runner's scheduling, against a stand-in `terraform` that logs what it is asked to do (a real apply
// needs AWS): prerequisites first, bounded parallelism, destroys last, failures skip what depends on them.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { applyCommand } from '../../src/cli/apply';
import type { PlanTarget } from '../../src/cli/plan';
import type { Output } from '../../src/cli/progress';

const FAKE_TERRAFORM = `#!/bin/sh
name=$(basename "$PWD")
echo "start $1 $name" >> "$FAKE_TF_LOG"
if [ "$1" = apply ]; then
  sleep 0.3
  case " $FAKE_TF_FAIL " in *" $name "*) echo "Error: boom in $name" >&2; echo "end $1 $name" >> "$FAKE_TF_LOG"; exit 1;; esac
  case " $* " in
    *" -destroy "*) echo "Destroy complete! Resources: 2 destroyed." ;;
    *) echo "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." ;;
  esac
fi
echo "end $1 $name" >> "$FAKE_TF_LOG"
`;

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'patchline-apply-'));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin', 'terraform'), FAKE_TERRAFORM);
  chmodSync(join(root, 'bin', 'terraform'), 0o755);
  const target = (name: string, after: string[] = [], destroy = false): PlanTarget => {
    mkdirSync(join(root, name));
    return {
      name,
      key: `k/${name}`,
      dir: join(root, name),
      after: after.map((a) => `k/${a}`),
      ...(destroy ? { destroy, change: 'removed' as const } : {}),
    };
  };
  // factory depends on inspector which depends on delegation; two independent patching stacks; two removed stacks,
  // the old factory destroyed before the consumer it depended on.
  const targets = [
    target('delegation'),
    target('patch-a'),
    target('patch-b'),
    target('inspector', ['delegation']),
    target('factory', ['inspector', 'delegation']),
    target('old-factory', [], true),
    target('old-consumer', ['old-factory'], true),
  ];
  const log = join(root, 'log');
  writeFileSync(log, '');
  const env = (fail = '') => ({
    ...process.env,
    PATH: `${join(root, 'bin')}:${process.env.PATH}`,
    FAKE_TF_LOG: log,
    FAKE_TF_FAIL: fail,
  });
  const events = () =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => / apply /.test(l));
  return { targets, env, events };
}

function capture(): Output & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY: false, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

/** The most applies running at once, from the start/end log. */
function maxConcurrent(events: string[]): number {
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.startsWith('start') ? 1 : -1));
  return max;
}

describe('apply', () => {
  test('prerequisites first, up to the parallelism at once, destroys last and dependents first', async () => {
    const { targets, env, events } = setup();
    const out = capture();
    const r = await applyCommand({ targets, parallelism: 2, env: env(), out });
    expect(r.code).toBe(0);
    const log = events();
    const at = (line: string) => {
      const i = log.indexOf(line);
      if (i < 0) throw new Error(`${line} not in\n${log.join('\n')}`);
      return i;
    };
    expect(at('start apply inspector')).toBeGreaterThan(at('end apply delegation'));
    expect(at('start apply factory')).toBeGreaterThan(at('end apply inspector'));
    for (const forward of ['delegation', 'patch-a', 'patch-b', 'inspector', 'factory']) {
      expect(at('start apply old-factory')).toBeGreaterThan(at(`end apply ${forward}`));
    }
    expect(at('start apply old-consumer')).toBeGreaterThan(at('end apply old-factory'));
    expect(maxConcurrent(log)).toBe(2);
    expect(out.text()).toMatch(
      /^Applying 5 stacks and destroying 2 removed ones after them, up to 2 at a time in dependency order\.$/m,
    );
    expect(out.text()).toMatch(/^old-consumer +0 +0 +2 +[\d.]+s +ok \(destroy\)$/m);
    expect(out.text()).toMatch(/^7 stacks +5 +0 +4 +all ok$/m);
  }, 60_000);

  test('a failure skips its dependents and every destroy; independent stacks still apply', async () => {
    const { targets, env, events } = setup();
    const out = capture();
    const r = await applyCommand({ targets, parallelism: 2, env: env('inspector'), out });
    expect(r.code).toBe(1);
    const by = new Map(r.results.map((x) => [x.stack, x]));
    expect(by.get('inspector')).toMatchObject({ ok: false, failedPhase: 'apply' });
    expect(by.get('factory')).toMatchObject({ ok: false, skipped: 'inspector failed' });
    expect(by.get('old-factory')).toMatchObject({ ok: false, skipped: 'inspector failed' });
    expect(by.get('old-consumer')).toMatchObject({ ok: false, skipped: 'old-factory was skipped' });
    expect(['delegation', 'patch-a', 'patch-b'].map((n) => by.get(n)!.ok)).toEqual([true, true, true]);
    expect(events().some((l) => / (factory|old-factory|old-consumer)$/.test(l))).toBe(false);
    expect(out.text()).toMatch(/^factory +- +- +- +- +SKIPPED \(inspector failed\)$/m);
    expect(out.text()).toMatch(/--- inspector: terraform apply failed:\nError: boom in inspector/);
  }, 60_000);
});
