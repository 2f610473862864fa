// Regression tests for loader failures the property tests found: crashes on profiles without
// organization.accounts, quadratic time on large maps, recursion on deep nesting, megabyte messages.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadProfile, MAX_NESTING } from '../src/profile/load';
import { AS_OF } from './support/profiles';

function load(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'patchline-robust-')), 'profile.yaml');
  writeFileSync(file, text);
  const t = Date.now();
  const r = loadProfile(file, { asOf: AS_OF });
  return { ...r, ms: Date.now() - t, lines: r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path} ${d.message}`) };
}

test.each([
  ['no organization', 'version: 1\n', ['1:1 organization is required but missing']],
  [
    'an empty organization',
    'version: 1\norganization: {}\n',
    expect.arrayContaining(['2:15 organization.accounts is required but missing']),
  ],
  ['organization: null', 'version: 1\norganization:\n', ['2:14 organization must be a map of keys, found nothing']],
])('%s: positioned errors, no crash', (_, text, expected) => {
  const r = load(text);
  expect(r.model).toBeUndefined();
  expect(r.lines).toEqual(expected);
});

test(`nesting deeper than ${MAX_NESTING} levels is refused where it starts, before any recursion`, () => {
  const r = load(`version: 1\norganization:\n  accounts:\n    a: ${'['.repeat(100)}${']'.repeat(100)}\n`);
  // The root map, organization and accounts are levels 0-2; the list opening at column 8 is level 3.
  expect(r.lines).toEqual([
    `4:${8 + MAX_NESTING - 3} (file) nesting is too deep: a profile nests at most ${MAX_NESTING} levels`,
  ]);
});

test('a large map loads in linear time (duplicate keys and positions were quadratic)', () => {
  // 60,000 unknown keys and a duplicate: each reported at its line, in well under the seconds this took before.
  const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: 1`);
  const r = load(`version: 1\n${keys.join('\n')}\nk7: 2\n`);
  expect(r.ms).toBeLessThan(15_000);
  expect(r.diagnostics.filter((d) => /unknown key/.test(d.message))).toHaveLength(60_000);
  expect(r.lines).toContain('60002:1 k7 key "k7" is written twice in the same map; YAML keys must be unique');
});

test('a megabyte value is quoted briefly in every message', () => {
  const huge = 'x'.repeat(1_000_000);
  const r = load(`version: 1\norganization:\n  id: o-${huge}\n  managementAccount: ${huge}\n`);
  expect(r.diagnostics.length).toBeGreaterThan(1);
  for (const d of r.diagnostics) expect(d.message.length).toBeLessThanOrEqual(400);
  expect(r.lines).toContain(
    '3:7 organization.id text "o-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" must be an organization ID such as o-7x2kq9p4mz',
  );
});
