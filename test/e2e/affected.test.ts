// The affected verb on real profile changes, run as a user would (in-process selection: ../affected.test.ts).
import { compareManifests } from '../../src/synth/affected';
import { ACME, cli, editedCopy, replaceOnce } from '../support/profiles';
import { synth } from '../support/synth';

describe('affected stacks of real profile changes', () => {
  const base = synth(ACME);

  test("one account's ring schedule → exactly that account's patching stack", () => {
    const edited = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        '  # Every night, across all rings',
        '  accountOverrides:\n    payments-prod:\n      rings:\n        production:\n          schedule: cron(0 3 ? * SUN *)\n  # Every night, across all rings',
      ),
    );
    const head = synth(edited);
    const c = compareManifests(base.manifest, head.manifest);
    expect(c.affected).toEqual([
      {
        name: 'payments-prod-patching',
        key: '444444444444/patching',
        change: 'changed',
        source: 'head',
        dir: 'stacks/payments-prod-patching',
      },
    ]);
    expect(c.unchanged).toBe(base.names.length - 1);

    const text = cli(['affected', base.out, head.out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1 stack affected \(0 added, 1 changed, 0 removed; 10 unchanged, not planned\)/);
    expect(text.stdout).toMatch(/^ {2}changed {2}payments-prod-patching {2}444444444444\/patching$/m);
    const json = cli(['affected', base.out, head.out, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      include: [
        {
          stack: 'payments-prod-patching',
          dir: 'stacks/payments-prod-patching',
          change: 'changed',
          key: '444444444444/patching',
          source: 'head',
        },
      ],
    });
  });

  test('an unchanged profile affects nothing', () => {
    const again = synth(ACME);
    expect(compareManifests(base.manifest, again.manifest).affected).toEqual([]);
    const r = cli(['affected', base.out, again.out, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ include: [] });
  });

  test('removed stacks say they are destroy plans from the base output', () => {
    const head = synth(
      editedCopy(ACME, (t) =>
        replaceOnce(t, 'organizationalUnits: [workloads, infrastructure]', 'organizationalUnits: [workloads]'),
      ),
    );
    const r = cli(['affected', base.out, head.out]);
    expect(r.stdout).toContain(
      `removed  shared-services-patching  333333333333/patching  destroy: plan -destroy in ${base.out}/stacks/shared-services-patching`,
    );
    expect(r.stdout).toContain('plan (and apply) their destruction from the base output');
  });

  test('a directory without stacks.json is an error that says to synthesize', () => {
    const r = cli(['affected', '/nonexistent', base.out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/stacks\.json not found: synthesize first/);
  });
});
