// One mistake, one error, at the key that is wrong, with a suggestion only when it is a valid value.
import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { readFileSync } from 'fs';
import { AS_OF, DEFAULT_PROFILE, editedCopy, replaceOnce } from './support/profiles';

/** 1-based line of the n-th line of the default profile that starts with `prefix` after `after` (line numbers move as it grows). */
const lineOf = (prefix: string, after = '') => {
  const lines = readFileSync(DEFAULT_PROFILE, 'utf8').split('\n');
  const from = after ? lines.findIndex((l) => l.startsWith(after)) : 0;
  return lines.findIndex((l, i) => i >= from && l.startsWith(prefix)) + 1;
};

const errorsOf = (edit: (t: string) => string) =>
  loadProfile(editedCopy(DEFAULT_PROFILE, edit), { asOf: AS_OF })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(d, '/').replace(/^.*profile\.yaml:/, ''));

describe('errors name the root cause once', () => {
  test('a misspelt organizationalUnits key: no "unknown organizational unit" or "not a patching target" follow-ons', () => {
    expect(
      errorsOf((t) => replaceOnce(t, '  organizationalUnits:\n    platform', '  organizationalUnit:\n    platform')),
    ).toEqual([
      `${lineOf('  organizationalUnits:')}:3  organization.organizationalUnit  unknown key "organizationalUnit" (did you mean "organizationalUnits"?)`,
    ]);
  });

  test('a misspelt approveAfterDays: the unknown key only, not also "needs exactly one of"', () => {
    expect(errorsOf((t) => replaceOnce(t, 'approveAfterDays: 3', 'approveAfterDay: 3'))).toEqual([
      expect.stringMatching(
        /^\d+:11 {2}patching\.baselines\.amazon-linux-2023\.rules\[1\]\.approveAfterDay {2}unknown key "approveAfterDay" \(did you mean "approveAfterDays"\?\)$/,
      ),
    ]);
  });

  test('approveAfterDays under an Ubuntu rule is reported at that key, not at the rule', () => {
    const e = errorsOf((t) => replaceOnce(t, '      os: AMAZON_LINUX_2023', '      os: UBUNTU'));
    const line = e.find((x) => x.includes('Ubuntu and Debian'))!;
    expect(line).toMatch(new RegExp(`^${lineOf('          approveAfterDays:', '    amazon-linux-2023:')}:11`));
    expect(line).toMatch(
      /^\d+:11 {2}patching\.baselines\.amazon-linux-2023\.rules\[0\]\.approveAfterDays {2}Ubuntu and Debian have no release-date approval delay/,
    );
  });

  test('a misspelt time zone gets the IANA name it resembles', () => {
    const e = errorsOf((t) => t.replaceAll('timezone: Australia/Sydney', 'timezone: Australia/Sidney'));
    expect(e.length).toBeGreaterThan(1);
    for (const x of e)
      expect(x).toMatch(/"Australia\/Sidney" is not an IANA time zone.* \(did you mean "Australia\/Sydney"\?\)$/);
  });

  test('a real Region missing from organization.regions is never "corrected" into another one', () => {
    // organization.regions has the typo (us-east-2); the distribution's us-east-1 is right.
    const e = errorsOf((t) =>
      replaceOnce(
        t,
        '  homeRegion: ap-southeast-2\n  regions: [ap-southeast-2, us-east-1]',
        '  homeRegion: ap-southeast-2\n  regions: [ap-southeast-2, us-east-2]',
      ),
    );
    expect(e).toEqual([
      expect.stringMatching(
        /distribution\.regions\[1\] {2}region "us-east-1" is not in organization\.regions; add it there or remove it here$/,
      ),
    ]);
    // A value that is no Region at all still gets the listed one it resembles.
    const typo = errorsOf((t) =>
      replaceOnce(t, '        regions: [ap-southeast-2, us-east-1]', '        regions: [ap-southeast-2, us-east-7]'),
    );
    expect(typo).toEqual([
      expect.stringMatching(/region "us-east-7" is not in organization\.regions \(did you mean "us-east-1"\?\)$/),
    ]);
  });

  test('a misspelt baseline OS name gets the allowed value it resembles', () => {
    expect(errorsOf((t) => replaceOnce(t, 'os: AMAZON_LINUX_2023', 'os: AMAZON_LINUX_2032'))).toEqual([
      expect.stringMatching(
        /patching\.baselines\.amazon-linux-2023\.os {2}text "AMAZON_LINUX_2032" is not allowed; use one of: .* \(did you mean "AMAZON_LINUX_2023"\?\)$/,
      ),
    ]);
  });

  test('a plan principal outside the organization is an error at the key', () => {
    expect(
      errorsOf((t) =>
        replaceOnce(t, '\nterraform:\n', '\nterraform:\n  planPrincipal: arn:aws:iam::999999999999:role/github-plan\n'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^\d+:18 {2}terraform\.planPrincipal {2}account 999999999999 of the plan principal is not in organization\.accounts/,
      ),
    ]);
    expect(
      errorsOf((t) =>
        replaceOnce(t, '\nterraform:\n', '\nterraform:\n  planPrincipal: arn:aws:iam::210987654321:role/github-plan\n'),
      ),
    ).toEqual([]);
  });
});
