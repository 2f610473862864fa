// Exemption validation as of the assessment date: expired and review-overdue exemptions are errors, expiry
// within 30 days is a warning, and a high-risk exemption names its approver.
import { formatDiagnostic } from '../src/profile/diagnostics';
import { exemptionState, reviewDue } from '../src/model/exemption-dates';
import { loadProfile } from '../src/profile/load';
import { ACME, editedCopy, replaceOnce } from './support/profiles';

/** The exemptions' diagnostics (Acme also warns about its build network, Inspector regions and Patch Tuesday, not at issue here). */
const diags = (file: string, asOf: string) =>
  loadProfile(file, { asOf })
    .diagnostics.filter((d) => d.path.startsWith('exemptions'))
    .map((d) => formatDiagnostic(d, '/').replace(/^.*?\.yaml:/, ''));

describe('Acme EXC-2026-014 over time (approved 2026-10-01, review every 180 days, expires 2027-03-31)', () => {
  test('active with no diagnostics on 2026-11-24; review due 2027-03-30', () => {
    expect(diags(ACME, '2026-11-24')).toEqual([]);
    expect(reviewDue({ approvedOn: '2026-10-01', reviewEvery: '180d' })).toBe('2027-03-30');
  });

  test('within 30 days of expiry: a warning, not an error', () => {
    expect(diags(ACME, '2027-03-01')).toEqual([
      '222:14  exemptions[0].expires  warning: exemption EXC-2026-014 expires in 30 days (2027-03-31); renew or retire it',
    ]);
    expect(loadProfile(ACME, { asOf: '2027-03-01' }).model).toBeDefined();
    expect(diags(ACME, '2027-02-28')).toEqual([]);
  });

  test('review due 2027-03-30 and not done by 2027-03-31: an error (and the expiry warning)', () => {
    expect(diags(ACME, '2027-03-31')).toEqual([
      '222:14  exemptions[0].expires  warning: exemption EXC-2026-014 expires today (2027-03-31); renew or retire it',
      '223:18  exemptions[0].reviewEvery  review of exemption EXC-2026-014 is overdue: it was due on 2027-03-30 (180 days after the approval on 2026-10-01); review it and set lastReviewed',
    ]);
  });

  test('a recorded review moves the due date', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(t, '    reviewEvery: 180d\n', '    reviewEvery: 180d\n    lastReviewed: 2026-11-20\n'),
    );
    expect(diags(f, '2027-03-20')).toEqual([
      '222:14  exemptions[0].expires  warning: exemption EXC-2026-014 expires in 11 days (2027-03-31); renew or retire it',
    ]);
    expect(reviewDue({ approvedOn: '2026-10-01', reviewEvery: '180d', lastReviewed: '2026-11-20' })).toBe('2027-05-19');
  });

  test('states the engine uses', () => {
    const e = { approvedOn: '2026-10-01', expires: '2027-03-31', reviewEvery: '180d' };
    expect(
      ['2026-09-30', '2026-10-01', '2027-03-30', '2027-03-31', '2027-04-01'].map((d) => exemptionState(e, d)),
    ).toEqual(['not-yet-approved', 'active', 'active', 'review-overdue', 'expired']);
  });
});

describe('exemption problems are positioned and plain', () => {
  test('high risk without an approver (a schema rule) says why approvedBy is needed', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, '    approvedBy: ciso@acme.example\n', ''));
    expect(diags(f, '2026-11-24')).toEqual([
      '205:5  exemptions[0]  a high or extreme risk exemption needs approvedBy: the email of the person who accepted the risk',
    ]);
    // Medium risk needs none.
    const g = editedCopy(f, (t) => replaceOnce(t, 'risk: high', 'risk: medium'));
    expect(diags(g, '2026-11-24')).toEqual([]);
  });

  test('dates out of order', () => {
    const f = editedCopy(ACME, (t) => replaceOnce(t, 'expires: 2027-03-31', 'expires: 2026-09-01'));
    expect(diags(f, '2026-08-01')).toEqual([
      '222:14  exemptions[0].expires  expires on 2026-09-01, not after its approval on 2026-10-01',
    ]);
    expect(diags(ACME, '2026-09-01')).toEqual([
      '221:17  exemptions[0].approvedOn  warning: approved on 2026-10-01, after the assessment date 2026-09-01: it waives nothing before then',
    ]);
    const g = editedCopy(ACME, (t) =>
      replaceOnce(t, '    reviewEvery: 180d\n', '    reviewEvery: 180d\n    lastReviewed: 2026-12-01\n'),
    );
    expect(diags(g, '2026-11-24')).toEqual([
      '224:19  exemptions[0].lastReviewed  last reviewed on 2026-12-01, after the assessment date 2026-11-24; record the date the review happened',
    ]);
  });
});
