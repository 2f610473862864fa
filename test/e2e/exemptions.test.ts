// Exemption validation through the CLI (in process: ../exemptions.test.ts).
import { formatDiagnostic } from '../../src/profile/diagnostics';
import { loadProfile } from '../../src/profile/load';
import { ACME, cli } from '../support/profiles';

/** The exemptions' diagnostics (Acme also warns about its build network, Inspector regions and Patch Tuesday, not at issue here). */
const diags = (file: string, asOf: string) =>
  loadProfile(file, { asOf })
    .diagnostics.filter((d) => d.path.startsWith('exemptions'))
    .map((d) => formatDiagnostic(d, '/').replace(/^.*?\.yaml:/, ''));

describe('Acme EXC-2026-014 over time (approved 2026-10-01, review every 180 days, expires 2027-03-31)', () => {
  test('expired on 2027-04-01: an error, and validate exits 2', () => {
    expect(diags(ACME, '2027-04-01')).toEqual([
      '222:14  exemptions[0].expires  exemption EXC-2026-014 expired on 2027-03-31 (assessed as of 2027-04-01); an expired exemption waives nothing: renew it with a new approval and expiry, or remove it',
    ]);
    const r = cli(['validate', ACME, '--as-of', '2027-04-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exemptions\[0\]\.expires {2}exemption EXC-2026-014 expired on 2027-03-31/);
  });
});
