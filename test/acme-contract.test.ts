// The tests use Acme's shape from test/fixtures/profiles/acme (no file outside the repository); this keeps that copy
// the contract in ../shared with its corrections, byte for byte, components included. When the contract changes,
// rewrite the copy: `node --import tsx test/support/write-acme-fixture.ts`.
import { readdirSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { ACME, acmeCorrected } from './support/profiles';

/** name → content of the profile and every component document beside it. */
function profileFiles(profile: string): Record<string, string> {
  const comps = join(dirname(profile), 'components');
  return Object.fromEntries([
    ['acme.yaml', readFileSync(profile, 'utf8')],
    ...readdirSync(comps)
      .sort()
      .map((n) => [`components/${n}`, readFileSync(join(comps, n), 'utf8')]),
  ]);
}

test('the in-repository Acme profile is the corrected contract, byte for byte', () => {
  expect(profileFiles(ACME)).toEqual(profileFiles(acmeCorrected()));
});
