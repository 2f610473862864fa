import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, exampleProfiles, replaceOnce } from './support/profiles';

const load = (file: string) => loadProfile(file, { asOf: AS_OF });
const errors = (file: string) => load(file).diagnostics.filter((d) => d.severity === 'error');

describe('example profiles', () => {
  test.each(exampleProfiles())('%s validates with no errors', (file) => {
    const r = load(file);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.model).toBeDefined();
  });

  test('acme model resolves accounts, OUs and nested OU paths', () => {
    const m = load(ACME).model!;
    expect(m.management.id).toBe('111111111111');
    expect(m.accounts.map((a) => a.id)).toEqual([...m.accounts.map((a) => a.id)].sort());
    expect(m.accountsInOu('workloads').map((a) => a.alias)).toEqual([
      'payments-prod',
      'payments-nonprod',
      'website-prod',
      'data-platform-prod',
      'corp-desktops',
    ]);
    expect(m.ouPath('workloads-prod')).toBe('o-7x2kq9p4mz/r-7x2k/ou-7x2k-w0rk0001/ou-7x2k-pr0d0001/');
    expect(m.account('data-platform-prod').regions).toEqual(['ap-southeast-2']);
    expect(m.account('payments-prod').exposure).toBe('internet-facing');
    expect(m.account('audit').exposure).toBe('internal');
    expect(m.backend).toMatchObject({ kind: 's3', keyPrefix: 'patching/', useLockfile: true });
  });
});

describe('broken profiles get positioned, plain errors', () => {
  const at = (file: string) => errors(file).map((d) => formatDiagnostic(d, '/').replace(/^.*profile\.yaml:/, ''));

  test('syntax error', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        'regions: [ap-southeast-2, ap-southeast-4]\n  organizationalUnits',
        'regions: [ap-southeast-2, ap-southeast-4\n  organizationalUnits',
      ),
    );
    const e = errors(f);
    expect(e.length).toBeGreaterThan(0);
    expect(e[0].message).toMatch(/YAML syntax error/);
    expect(e[0].line).toBeGreaterThanOrEqual(12);
  });

  test('unknown key, with a suggestion', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '  homeRegion: ap-southeast-2', '  homeRegoin: ap-southeast-2'));
    expect(at(f)).toEqual(
      expect.arrayContaining([
        '11:3  organization.homeRegoin  unknown key "homeRegoin" (did you mean "homeRegion"?)',
        expect.stringMatching(/^6:3  organization.homeRegion  is required but missing$/),
      ]),
    );
  });

  test('wrong type', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '  targetMaturity: 2', '  targetMaturity: two'));
    expect(at(f)).toEqual(['44:19  compliance.targetMaturity  must be a whole number, found text "two"']);
  });

  test('unquoted account ID gets a hint', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, 'audit: { id: "222222222222"', 'audit: { id: 222222222222'));
    expect(at(f)[0]).toMatch(
      /^21:18  organization.accounts.audit.id  must be text, found the number 222222222222 — quote account IDs/,
    );
  });

  test('dangling reference, with a suggestion', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '  account: shared-services', '  account: shared-servces'));
    expect(at(f)).toEqual([
      '53:12  imageFactory.account  unknown account "shared-servces" (did you mean "shared-services"?)',
    ]);
  });

  test('bad account ID', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '"444444444444"', '"4444444444x4"'));
    expect(at(f)).toEqual([
      '23:26  organization.accounts.payments-prod.id  text "4444444444x4" must be a 12-digit AWS account ID',
    ]);
  });

  test('duplicate key', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '  enforce: true\n', '  enforce: true\n  enforce: false\n'));
    expect(at(f)).toEqual([
      '47:3  compliance.enforce  key "enforce" is written twice in the same map; YAML keys must be unique',
    ]);
  });

  test('every error is reported at once, sorted by position', () => {
    const f = editedCopy(ACME, (t) =>
      [
        (s: string) => replaceOnce(s, '  homeRegion: ap-southeast-2', '  homeRegion: ap-southeast-9'),
        (s: string) => replaceOnce(s, '"444444444444"', '"44"'),
        (s: string) => replaceOnce(s, '  account: shared-services', '  account: nobody'),
        (s: string) =>
          replaceOnce(
            s,
            'organizationalUnits: [workloads]\n        parameter',
            'organizationalUnits: [workload]\n        parameter',
          ),
        (s: string) =>
          replaceOnce(s, '    ubuntu:\n      os: UBUNTU', '    ubuntu:\n      os: UBUNTU\n      colour: blue'),
      ].reduce((s, fn) => fn(s), t),
    );
    const e = at(f);
    expect(e).toHaveLength(5);
    expect(e.join('\n')).toMatch(/homeRegion {2}region "ap-southeast-9" is not in organization.regions/);
    expect(e.join('\n')).toMatch(/unknown organizational unit "workload" \(did you mean "workloads"\?\)/);
    expect(e.join('\n')).toMatch(/patching.baselines.ubuntu.colour {2}unknown key "colour"/);
    const lines = errors(f).map((d) => d.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  test('missing component file', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        '        - aws: stig-build-linux-high\n        - file: components/acme-baseline-linux.yaml',
        '        - aws: stig-build-linux-high\n        - file: components/missing.yaml',
      ),
    );
    expect(at(f)).toEqual([
      expect.stringMatching(
        /^66:17  imageFactory.pipelines.al2023-base.components\[2\].file  component file "components\/missing.yaml" does not exist/,
      ),
    ]);
  });

  test('not a profile at all', () => {
    const f = editedCopy(DEFAULT_PROFILE, () => '- just\n- a list\n');
    expect(errors(f)[0].message).toMatch(/must be a map/);
  });
});
