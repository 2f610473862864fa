// Window timing the schema cannot see (issue 13): the expedite lane overlapping a ring it patches, from real
// occurrences over the assessment year in their time zones; rings that cannot finish in one window at their
// expected run time; and Ubuntu expedite rules that select by package priority.
import { loadProfile } from '../src/profile/load';
import { waveAssumption, waveBudget } from '../src/patching/rate-control';
import {
  ACME,
  ACME_CONTRACT,
  acmeCorrected,
  AS_OF,
  contractNeedsCorrection,
  DEFAULT_PROFILE,
  editedCopy,
  replaceOnce,
} from './support/profiles';

// Patching diagnostics only (Acme also warns about its build network, Inspector regions and Patch Tuesday).
const diags = (file: string) =>
  loadProfile(file, { asOf: AS_OF })
    .diagnostics.filter((d) => d.path.startsWith('patching'))
    .map((d) => `${d.line}:${d.col} ${d.path} ${d.severity}: ${d.message}`);

describe('the expedite lane must never be open while a ring it patches is', () => {
  test('the Acme contract as written: the 01:00-03:00 lane overlaps canary (WED 02:00) and production (SAT 02:00)', () => {
    // Once the contract is corrected (see test/support/profiles.ts) it must validate clean instead.
    if (!contractNeedsCorrection())
      return expect(diags(ACME_CONTRACT).filter((d) => d.includes(' error: '))).toEqual([]);
    // From 2026-11-24 00:00Z (11:00 AEDT): Wed 2026-11-25 02:00-03:00 AEDT and Sat 2026-11-28 02:00-03:00 AEDT.
    expect(diags(ACME_CONTRACT)).toEqual([
      '154:21 patching.baselines.ubuntu.rules[0].priority warning: UBUNTU has no severity filter: priority is how essential a package is, not how severe its fix, so the expedite lane leaves security fixes in Standard, Optional packages to the rings; to fast-track every security fix, select every priority and section "*" in an expedite rule',
      "194:15 patching.expedite.schedule error: expedite lane (cron(0 1 * * ? *) Australia/Sydney, 2h) and ring canary (cron(0 2 ? * WED *) Australia/Sydney, 3h) both patch ring canary's instances in payments-prod, website-prod and overlap: first clash Wed 2026-11-25 02:00 +11:00 to 03:00. Two runs contend for the package manager; move one window so they never overlap",
      "194:15 patching.expedite.schedule error: expedite lane (cron(0 1 * * ? *) Australia/Sydney, 2h) and ring production (cron(0 2 ? * SAT *) Australia/Sydney, 4h) both patch ring production's instances in payments-prod, website-prod and overlap: first clash Sat 2026-11-28 02:00 +11:00 to 03:00. Two runs contend for the package manager; move one window so they never overlap",
    ]);
    expect(loadProfile(ACME_CONTRACT, { asOf: AS_OF }).model).toBeUndefined();
  });

  test('the corrected copy (lane at 22:00) and the default profile (lane at 03:00, after every ring) validate clean', () => {
    expect(diags(acmeCorrected())).toEqual([]);
    expect(diags(DEFAULT_PROFILE)).toEqual([]);
  });

  test('a UTC lane that only touches the Sydney rings in daylight time overlaps them after the April fall back', () => {
    // Lane 17:00-19:00 UTC. Rings 01:00-04:00 Sydney: in AEDT (UTC+11) that is 14:00-17:00Z, ending as the lane
    // starts (no overlap); from Sunday 2027-04-04 in AEST (UTC+10) it is 15:00-18:00Z, so 17:00-18:00Z overlaps.
    // First canary after the change: Wed 2027-04-07 01:00 AEST = Tue 2027-04-06 15:00Z; production: Sat
    // 2027-04-10 01:00 AEST = Fri 2027-04-09 15:00Z.
    const p = editedCopy(ACME, (t) =>
      replaceOnce(
        replaceOnce(
          replaceOnce(
            replaceOnce(
              t,
              '    schedule: cron(0 22 * * ? *)\n    timezone: Australia/Sydney\n',
              '    schedule: cron(0 17 * * ? *)\n    timezone: UTC\n',
            ),
            'schedule: cron(0 2 ? * WED *)',
            'schedule: cron(0 1 ? * WED *)',
          ),
          'schedule: cron(0 2 ? * SAT *)',
          'schedule: cron(0 1 ? * SAT *)',
        ),
        '      duration: 4h\n',
        '      duration: 3h\n',
      ),
    );
    const errors = diags(p).filter((d) => d.includes(' error: '));
    expect(errors.map((e) => /first clash (.*)\. Two/.exec(e)![1])).toEqual([
      'Tue 2027-04-06 17:00 +00:00 to 18:00',
      'Fri 2027-04-09 17:00 +00:00 to 18:00',
    ]);
    expect(errors[0]).toMatch(
      /^\d+:\d+ patching\.expedite\.schedule error: expedite lane \(cron\(0 17 \* \* \? \*\) UTC, 2h\) and ring canary \(cron\(0 1 \? \* WED \*\) Australia\/Sydney, 3h\)/,
    );
  });

  test('an account override that moves a ring onto the lane is reported at the override, naming only that account', () => {
    const p = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        '  # Every night, across all rings',
        '  accountOverrides:\n    website-prod:\n      rings:\n        production:\n          schedule: cron(0 21 ? * SAT *)\n  # Every night, across all rings',
      ),
    );
    // Sat 2026-11-28 21:00-01:00 AEDT against the lane's 22:00-24:00: clash 22:00-00:00.
    expect(diags(p)).toEqual([
      expect.stringMatching(
        /^\d+:\d+ patching\.accountOverrides\.website-prod\.rings\.production\.schedule error: expedite lane \(cron\(0 22 \* \* \? \*\) Australia\/Sydney, 2h\) and ring production \(cron\(0 21 \? \* SAT \*\) Australia\/Sydney, 4h\) both patch ring production's instances in website-prod and overlap: first clash Sat 2026-11-28 22:00 \+11:00 to 00:00\./,
      ),
    ]);
  });
});

describe('a ring must finish in one window at its expected run time', () => {
  const withRun = (run: string, extra = (t: string) => t) =>
    editedCopy(ACME, (t) =>
      extra(
        replaceOnce(t, '      maxConcurrency: 20%\n', `      maxConcurrency: 20%\n      expectedRunTime: ${run}\n`),
      ),
    );

  test('production, 20% at a time in 4h - 1h = 3h: 5 waves, so runs of 36m fit and 45m do not (5 × 45m = 3h45m)', () => {
    expect(diags(withRun('36m'))).toEqual([]);
    expect(diags(withRun('45m'))).toEqual([
      expect.stringMatching(
        /^\d+:\d+ patching\.rings\.production\.expectedRunTime error: ring production cannot finish in one window: maxConcurrency 20% means 5 waves, 5 × 45m = 3h45m > 3h usable \(duration 4h − cutoff 1h\); runs may take at most 36m$/,
      ),
    ]);
  });

  test('an override of maxConcurrency to 10% makes 10 waves of 36m = 6h in 3h: reported at the override', () => {
    const p = withRun('36m', (t) =>
      replaceOnce(
        t,
        '  # Every night, across all rings',
        '  accountOverrides:\n    payments-prod:\n      rings:\n        production:\n          maxConcurrency: 10%\n  # Every night, across all rings',
      ),
    );
    expect(diags(p)).toEqual([
      expect.stringMatching(
        /patching\.accountOverrides\.payments-prod\.rings\.production\.maxConcurrency error: ring production in payments-prod cannot finish in one window: maxConcurrency 10% means 10 waves, 10 × 36m = 6h > 3h usable/,
      ),
    ]);
  });

  test('a fixed count depends on the ring size: no error, and the stated assumption says how many instances fit', () => {
    const p = editedCopy(ACME, (t) =>
      replaceOnce(t, '      maxConcurrency: 20%\n', '      maxConcurrency: "10"\n      expectedRunTime: 45m\n'),
    );
    expect(diags(p)).toEqual([]);
    // 3h usable / 45m = 4 waves of 10.
    expect(waveAssumption(waveBudget('10', 180), 45)).toBe(
      "10 at a time in 3h usable: depends on the ring's size; with runs of 45m at most 40 instances finish in one window",
    );
    expect(waveAssumption(waveBudget('20%', 180))).toBe(
      "20% at a time in 3h usable: 5 waves, each instance's run at most 36m (assumed: no expectedRunTime given)",
    );
    expect(waveAssumption(waveBudget('50%', 120), 60)).toBe(
      "50% at a time in 2h usable: 2 waves, each instance's run at most 1h; expected 1h: fits",
    );
  });

  test('one run longer than the usable time cannot finish whatever the concurrency', () => {
    const p = editedCopy(ACME, (t) =>
      replaceOnce(t, '    maxConcurrency: 10%\n', '    maxConcurrency: 10%\n    expectedRunTime: 1h30m\n'),
    );
    expect(diags(p)).toEqual([
      expect.stringMatching(
        /patching\.expedite\.expectedRunTime error: the expedite lane cannot finish in one window: one instance's run \(expectedRunTime 1h30m\) is longer than the 1h in which tasks may start \(duration 2h − cutoff 1h\)/,
      ),
    ]);
  });
});
