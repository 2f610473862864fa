// Random valid profiles synthesize (a cloud backend's synthesis runs `terraform version`: cdktf validates it), and
// the CLI on hostile profiles, run as a user would (the in-process property tests: ../properties.test.ts).
import fc from 'fast-check';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { stringify } from 'yaml';
import { loadProfile } from '../../src/profile/load';
import { checkOutput } from '../../src/security/check';
import { duplicateKeys } from '../../src/security/json-keys';
import {
  BOMBS,
  profileArb,
  runs,
  SEED,
  shuffleKeys,
  writeProfile,
  type GeneratedProfile,
} from '../support/arbitrary-profile';
import { AS_OF, cli, loadModel } from '../support/profiles';
import { readTree, synth } from '../support/synth';

// ---- valid profiles ------------------------------------------------------------------------------------

describe('random valid profiles', () => {
  test('load without errors, synthesize into valid, unique, deterministic stacks that pass every security rule', () => {
    fc.assert(
      fc.property(profileArb, fc.integer({ min: 1, max: 2 ** 31 - 2 }), (g: GeneratedProfile, seed: number) => {
        const file = writeProfile(g);
        const r = loadProfile(file, { asOf: AS_OF });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

        const a = synth(r.model!);
        // Each stack: valid JSON, every key (so every resource logical ID) once.
        for (const name of a.names) {
          const text = readFileSync(join(a.out, 'stacks', name, 'cdk.tf.json'), 'utf8');
          expect(() => JSON.parse(text)).not.toThrow();
          expect(duplicateKeys(text)).toEqual([]);
        }
        // One state per stack: names, identities and state keys never collide.
        for (const field of ['name', 'key'] as const)
          expect(new Set(a.manifest.stacks.map((s) => s[field])).size).toBe(a.names.length);
        expect(new Set(a.manifest.stacks.map((s) => s.backend.key)).size).toBe(a.names.length);

        expect(checkOutput(a.out).findings).toEqual([]);

        // Synthesize again from the same profile with every map's keys in another order: byte-identical.
        let state = seed;
        const rnd = () => (state = (state * 48271) % 2147483647) / 2147483647;
        const b = synth(loadModel(writeProfile(shuffleKeys(g.profile, rnd))));
        expect(readTree(b.out)).toEqual(readTree(a.out));
      }),
      { numRuns: runs(12), seed: SEED },
    );
  }, 120_000);
});

// ---- the CLI on the worst inputs ---------------------------------------------------------------------------

describe('the CLI on hostile profiles', () => {
  const sample = fc.sample(profileArb, { numRuns: 1, seed: 7 })[0];
  /** A previous cdktf.out that must survive every failed synth untouched. */
  const previous = () => {
    const good = synth(loadModel(writeProfile(sample)));
    return { out: good.out, before: readTree(good.out) };
  };
  /** Nothing but cdktf.out itself beside it: no temporary or half-swapped directories left behind. */
  const siblings = (out: string) => readdirSync(dirname(out)).filter((n) => n !== 'cdktf.out');

  /** Files too big to leave in the temp directory. */
  const large: string[] = [];
  const CASES: [string, () => string][] = [
    [
      'a 50 MB file',
      () => {
        const file = writeProfile(sample);
        large.push(file);
        const chunk = stringify(sample.profile);
        const big = Buffer.alloc(50 * 1024 * 1024, ' ');
        big.write(chunk);
        writeFileSync(file, big);
        return file;
      },
    ],
    ['a billion-laughs alias bomb', () => writeProfile(sample, BOMBS[0] + stringify(sample.profile))],
    [
      '10,000 nested flow sequences',
      () =>
        writeProfile(
          sample,
          stringify(sample.profile).replace(/^version: 1$/m, `version: ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
        ),
    ],
    [
      'bytes that are not UTF-8',
      () => {
        const file = writeProfile(sample);
        writeFileSync(file, Buffer.concat([Buffer.from(stringify(sample.profile)), Buffer.from([0xc0, 0xaf, 0x0a])]));
        return file;
      },
    ],
    [
      'wrong types and dangling references',
      () => {
        const p = structuredClone(sample.profile);
        p.organization.managementAccount = 'zz-not-defined';
        p.organization.regions = 'everywhere';
        return writeProfile(p);
      },
    ],
  ];

  test.each(CASES)(
    '%s: exit 2, positioned errors, no stack trace, in bounded time, previous output intact',
    (_, make) => {
      const file = make();
      const { out, before } = previous();
      const t = Date.now();
      const r = cli(['synth', file, '--out', out, '--as-of', AS_OF], { timeoutMs: 60_000 });
      const ms = Date.now() - t;
      expect(r.code).toBe(2);
      expect(ms).toBeLessThan(60_000);
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^\d+ errors? in the profile; nothing was written\.$/);
      for (const l of lines.slice(0, -1).filter((x) => !x.startsWith('…')))
        expect(l).toMatch(/profile\.yaml:\d+:\d+ {2}\S/);
      expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+|Error:|RangeError|TypeError/);
      expect(readTree(out)).toEqual(before);
      expect(siblings(out)).toEqual([]);
    },
    90_000,
  );

  afterAll(() => {
    for (const f of large) rmSync(f, { force: true });
  });
});
