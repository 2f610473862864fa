// Worst-case time to patch: hand-checked numbers, daylight-saving changes in Australia/Sydney included.
//
// Sydney: UTC+10 (AEST); daylight time UTC+11 (AEDT) from the first Sunday of October 02:00 (clocks jump to
// 03:00) to the first Sunday of April 03:00 (clocks fall back to 02:00). In the year from 2026-11-24 the changes
// are Sunday 2027-04-04 (fall back) and Sunday 2027-10-03 (spring forward).
import { longestGapHours, occurrences, parseSchedule } from '../src/schedule';
import { assess } from '../src/compliance/assess';
import { approvalDelays, TimeframeEngine, worstWait, type TimedWindow } from '../src/compliance/timeframes';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';

const FROM = new Date(`${AS_OF}T00:00:00Z`);
const SYD = 'Australia/Sydney';
const win = (name: string, schedule: string, usableMinutes: number, timezone = SYD): TimedWindow => ({
  name,
  schedule,
  timezone,
  usableMinutes,
});
const cron = (expr: string) => {
  const p = parseSchedule(expr, 'maintenance-window');
  if (!p.ok) throw new Error(p.message);
  return p.schedule;
};
const utc = (d: Date | undefined) => d?.toISOString().slice(0, 16);
/** Gaps in hours between consecutive starts. */
const gaps = (ds: Date[]) => ds.slice(1).map((d, i) => (d.getTime() - ds[i].getTime()) / 3_600_000);

describe('worst wait for a window, hand-checked across DST', () => {
  test("Acme canary, cron(0 2 ? * WED *): 168 h a week, 169 h across April's fall back, 167 h across October's spring forward", () => {
    // Wed 2027-03-31 02:00 AEDT = 2027-03-30T15:00Z; Wed 2027-04-07 02:00 AEST = 2027-04-06T16:00Z: 169 h.
    // Wed 2027-09-29 02:00 AEST = 2027-09-28T16:00Z; Wed 2027-10-06 02:00 AEDT = 2027-10-05T15:00Z: 167 h.
    const starts = occurrences(cron('cron(0 2 ? * WED *)'), {
      timezone: SYD,
      from: FROM,
      to: new Date('2027-11-24T00:00:00Z'),
    });
    const g = gaps(starts);
    expect(Math.max(...g)).toBe(169);
    expect(Math.min(...g)).toBe(167);
    expect(g.filter((h) => h !== 168)).toEqual([169, 167]);
    const i = g.indexOf(169);
    expect([utc(starts[i]), utc(starts[i + 1])]).toEqual(['2027-03-30T15:00', '2027-04-06T16:00']);
    const j = g.indexOf(167);
    expect([utc(starts[j]), utc(starts[j + 1])]).toEqual(['2027-09-28T16:00', '2027-10-05T15:00']);

    // The engine returns the longest gap plus the canary's usable time (3h duration - 1h cutoff = 2 h): 171 h.
    const w = worstWait([win('canary', 'cron(0 2 ? * WED *)', 120)], FROM);
    expect(w).toMatchObject({ hours: 171, gapHours: 169, usableHours: 2, installedBy: 'canary' });
    expect([utc(w.gapFrom), utc(w.gapTo)]).toEqual(['2027-03-30T15:00', '2027-04-06T16:00']);
    // Same gap as the schedule library's own longestGapHours.
    expect(longestGapHours([{ schedule: cron('cron(0 2 ? * WED *)'), timezone: SYD }], FROM)).toBe(169);
  });

  test('nightly expedite lane at 01:00: 25 h across the fall back, 23 h across the spring forward', () => {
    // Sun 2027-04-04 01:00 AEDT = 2027-04-03T14:00Z; Mon 2027-04-05 01:00 AEST = 2027-04-04T15:00Z: 25 h.
    // Sun 2027-10-03 01:00 AEST = 2027-10-02T15:00Z; Mon 2027-10-04 01:00 AEDT = 2027-10-03T14:00Z: 23 h.
    const starts = occurrences(cron('cron(0 1 * * ? *)'), {
      timezone: SYD,
      from: FROM,
      to: new Date('2027-11-24T00:00:00Z'),
    });
    expect(gaps(starts).filter((h) => h !== 24)).toEqual([25, 23]);
    const w = worstWait([win('expedite', 'cron(0 1 * * ? *)', 90)], FROM);
    expect(w).toMatchObject({ hours: 26.5, gapHours: 25, usableHours: 1.5 });
    expect([utc(w.gapFrom), utc(w.gapTo)]).toEqual(['2027-04-03T14:00', '2027-04-04T15:00']);
  });

  test('a daily 02:30 window on the DST days: the missing 02:30 runs at 03:30, the doubled 02:30 at the first one', () => {
    // Spring forward, Sun 2027-10-03: 02:30 does not exist; the engine opens the window at 03:30 AEDT
    // (2027-10-02T16:30Z), 24 h after Sat 02:30 AEST (2027-10-01T16:30Z) and 23 h before Mon 02:30 AEDT.
    // Fall back, Sun 2027-04-04: 02:30 happens twice; the engine takes the first (AEDT, 2027-04-03T15:30Z), so
    // Sat -> Sun is 24 h and Sun -> Mon 02:30 AEST (2027-04-04T16:30Z) is 25 h.
    const spring = occurrences(cron('cron(30 2 * * ? *)'), {
      timezone: SYD,
      from: new Date('2027-10-01T00:00:00Z'),
      to: new Date('2027-10-04T00:00:00Z'),
    });
    expect(spring.map(utc)).toEqual(['2027-10-01T16:30', '2027-10-02T16:30', '2027-10-03T15:30']);
    expect(gaps(spring)).toEqual([24, 23]);
    const autumn = occurrences(cron('cron(30 2 * * ? *)'), {
      timezone: SYD,
      from: new Date('2027-04-02T00:00:00Z'),
      to: new Date('2027-04-05T00:00:00Z'),
    });
    expect(autumn.map(utc)).toEqual(['2027-04-02T15:30', '2027-04-03T15:30', '2027-04-04T16:30']);
    expect(gaps(autumn)).toEqual([24, 25]);
  });

  test('a monthly ring, cron(0 2 ? * SAT#1 *): five weeks between first Saturdays', () => {
    // First Saturdays from 2026-12-05 to 2027-12-04 are 4 or 5 weeks apart. 2027-01-02 -> 02-06, 05-01 -> 06-05
    // and 07-03 -> 08-07 are 840 h (no DST change inside); 10-02 -> 11-06 crosses the spring forward (839 h) and
    // 04-03 -> 05-01 the fall back (673 h). Worst: 840 h + 3 h usable, first from Sat 2027-01-02 02:00 AEDT.
    const w = worstWait([win('production', 'cron(0 2 ? * SAT#1 *)', 180)], FROM);
    expect(w).toMatchObject({ hours: 843, gapHours: 840 });
    expect([utc(w.gapFrom), utc(w.gapTo)]).toEqual(['2027-01-01T15:00', '2027-02-05T15:00']);
  });

  test('union of a ring and the lane: each start counts with its own usable time', () => {
    // Lane 01:00 daily (1.5 h usable) + canary Wednesday 02:00 (2 h usable). The canary start follows the lane
    // by 1 h (1 h + 2 h = 3 h), so the worst is still the lane's 25 h across the fall back + 1.5 h.
    const w = worstWait([win('canary', 'cron(0 2 ? * WED *)', 120), win('expedite', 'cron(0 1 * * ? *)', 90)], FROM);
    expect(w).toMatchObject({ hours: 26.5, gapHours: 25, installedBy: 'expedite' });
  });

  test('a window that never starts again, and a schedule that cannot be read, are unbounded', () => {
    expect(worstWait([win('gone', 'cron(0 2 ? * WED 2020)', 60)], FROM).hours).toBe(Infinity);
    const last = worstWait([win('ends', 'cron(0 2 ? * WED 2026)', 60)], FROM);
    expect(last.hours).toBe(Infinity); // its last start, 2026-12-30, has no successor
    expect(worstWait([win('bad', 'cron(0 2 * * * *)', 60)], FROM)).toMatchObject({
      hours: Infinity,
      error: expect.stringMatching(/bad: .*\?/),
    });
  });
});

describe('approval delays', () => {
  test('Acme: expedite rules approve at once and the lane installs them; other rules take 5 days (Ubuntu none)', () => {
    const m = loadModel(ACME);
    expect(approvalDelays(m, 'expedite').map((d) => [d.baseline, d.hours, d.lane])).toEqual([
      ['amazon-linux-2023', 0, true],
      ['ubuntu', 0, true],
      ['windows', 0, true],
    ]);
    // Ubuntu has no severity: "other" security updates are the same set, and the corrected expedite rule
    // selects every priority, so the lane installs them too.
    expect(approvalDelays(m, 'other').map((d) => [d.baseline, d.hours, d.lane])).toEqual([
      ['amazon-linux-2023', 120, false],
      ['ubuntu', 0, true],
      ['windows', 120, false],
    ]);
  });

  test('approveUntilDate bounds nothing; a baseline without expedite rules uses its slowest rule, rings only', () => {
    const p = editedCopy(ACME, (t) =>
      replaceOnce(
        replaceOnce(
          t,
          /approveAfterDays: 5\n          complianceLevel: MEDIUM\n    ubuntu:/,
          'approveUntilDate: 2026-11-01\n          complianceLevel: MEDIUM\n    ubuntu:',
        ),
        /          complianceLevel: CRITICAL\n          expedite: true\n        - classification: \[CriticalUpdates, SecurityUpdates, UpdateRollups\]/,
        '          complianceLevel: CRITICAL\n        - classification: [CriticalUpdates, SecurityUpdates, UpdateRollups]',
      ),
    );
    const m = loadModel(p);
    const other = approvalDelays(m, 'other').find((d) => d.baseline === 'amazon-linux-2023')!;
    expect(other.hours).toBe(Infinity);
    expect(other.note).toMatch(
      /released on or before 2026-11-01 \(approveUntilDate\): later patches are never approved/,
    );
    const win2022 = approvalDelays(m, 'expedite').find((d) => d.baseline === 'windows')!;
    expect(win2022).toMatchObject({
      hours: 120,
      lane: false,
      note: expect.stringMatching(/no rule is marked expedite/),
    });
    // So Windows critical patches in internet-facing accounts wait for the rings: 120 + 169 + 3 = 292 h.
    const t = new TimeframeEngine(m).account(m.account('website-prod'), 'expedite');
    expect(t).toMatchObject({ hours: 292, ring: 'production', windows: ['production'] });
  });

  test('an OS a pipeline builds without a baseline gets the AWS predefined one (7 days, critical only)', () => {
    const p = editedCopy(ACME, (t) =>
      replaceOnce(t, /    ubuntu:\n      os: UBUNTU\n[\s\S]*?    windows:\n/, '    windows:\n'),
    );
    const m = loadModel(p);
    expect(approvalDelays(m, 'expedite').find((d) => d.os === 'UBUNTU')).toMatchObject({
      baseline: 'AWS-UbuntuDefaultPatchBaseline',
      hours: 0,
      predefined: true,
    });
    const q = editedCopy(ACME, (t) =>
      replaceOnce(t, /    windows:\n      os: WINDOWS\n[\s\S]*?complianceLevel: MEDIUM\n  rings:/, '  rings:'),
    );
    const w = loadModel(q);
    expect(approvalDelays(w, 'expedite').find((d) => d.os === 'WINDOWS')).toMatchObject({
      baseline: 'AWS-DefaultPatchBaseline',
      hours: 168,
      lane: false,
    });
    expect(approvalDelays(w, 'other').find((d) => d.os === 'WINDOWS')).toMatchObject({
      hours: Infinity,
      note: expect.stringMatching(/only Critical and Important/),
    });
  });
});

describe('worst case per account', () => {
  const m = loadModel(ACME);
  const engine = new TimeframeEngine(m);

  test('Acme internet-facing: critical 26 h via the nightly lane; other 292 h = 5 d + 169 h + 3 h', () => {
    const crit = engine.account(m.account('payments-prod'), 'expedite');
    expect(crit).toMatchObject({ hours: 26, windows: ['canary', 'expedite'] });
    const other = engine.account(m.account('website-prod'), 'other');
    // 120 h approval (amazon-linux-2023 rule 2) + 169 h production gap across the fall back + 3 h usable.
    expect(other).toMatchObject({ hours: 292, ring: 'production', windows: ['production'] });
    expect(other.wait).toMatchObject({ gapHours: 169, usableHours: 3 });
    expect([utc(other.wait!.gapFrom), utc(other.wait!.gapTo)]).toEqual(['2027-04-02T15:00', '2027-04-09T16:00']);
  });

  test('Acme internal and workstation: no lane, so critical patches wait for the ring: 0 + 169 + 3 = 172 h', () => {
    for (const alias of ['shared-services', 'payments-nonprod', 'data-platform-prod', 'corp-desktops']) {
      expect(engine.account(m.account(alias), 'expedite').hours).toBe(172);
      expect(engine.account(m.account(alias), 'other').hours).toBe(292);
    }
  });

  test('untargeted accounts and accounts without rings are unbounded, with the reason', () => {
    expect(engine.account(m.account('management'), 'expedite')).toMatchObject({
      hours: Infinity,
      reason: expect.stringMatching(/not in patching.targets/),
    });
  });

  test('account overrides are honoured: Wattle clinical-records patches broad on Sunday nights', () => {
    const w = loadModel(DEFAULT_PROFILE);
    const t = new TimeframeEngine(w).account(w.account('clinical-records'), 'other');
    // Windows "other" rule: 5 days; broad SUN 21:00 weekly: Sun 2027-03-28 21:00 AEDT -> Sun 2027-04-04 21:00 AEST = 169 h; + 3 h.
    expect(t).toMatchObject({ hours: 292, ring: 'broad' });
    expect([utc(t.wait!.gapFrom), utc(t.wait!.gapTo)]).toEqual(['2027-03-28T10:00', '2027-04-04T11:00']);
  });
});

// Issue 13 item 1: on Ubuntu a rule selects security-pocket updates by package PRIORITY (how essential a package
// is), never by severity, so an expedite rule on Required/Important leaves a critical fix in an Optional library
// to the ring. Item 2: each OS in an account is assessed, and the slowest sets the account's worst case.
describe('Ubuntu has no severity filter; the slowest operating system sets the worst case', () => {
  /** The contract's own Ubuntu rules (expedite on Required, Important only), with the lane moved off the rings. */
  const contractUbuntu = (t: string) =>
    replaceOnce(
      t,
      '        - priority: [Required, Important, Standard, Optional]\n',
      '        - priority: [Required, Important]\n',
    );
  const onlyUbuntu = (t: string) =>
    replaceOnce(
      replaceOnce(
        replaceOnce(
          replaceOnce(t, /    amazon-linux-2023:\n      os: AMAZON_LINUX_2023\n[\s\S]*?    ubuntu:\n/, '    ubuntu:\n'),
          /    windows:\n      os: WINDOWS\n[\s\S]*?complianceLevel: MEDIUM\n  rings:/,
          '  rings:',
        ),
        /    al2023-base:\n[\s\S]*?    ubuntu-2404-base:\n/,
        '    ubuntu-2404-base:\n',
      ),
      /    windows-2022-base:\n[\s\S]*?deprecateAfterDays: 45\n/,
      '',
    );

  test("an Ubuntu-only internet-facing account with the contract's rules: critical fixes wait for production, 0 + 169 + 3 = 172 h", () => {
    const m = loadModel(editedCopy(ACME, (t) => onlyUbuntu(contractUbuntu(t))));
    const engine = new TimeframeEngine(m);
    const pay = m.account('payments-prod');
    expect(engine.operatingSystems(pay).map((o) => o.os)).toEqual(['UBUNTU']);
    const crit = engine.account(pay, 'expedite');
    // No approval delay on Ubuntu; production SAT 02:00: Sat 2027-04-03 02:00 AEDT (2027-04-02T15:00Z) -> Sat
    // 2027-04-10 02:00 AEST (2027-04-09T16:00Z) is 169 h across the fall back on Sunday 04-04, plus 4 h - 1 h = 3 h.
    expect(crit).toMatchObject({ hours: 172, ring: 'production', windows: ['production'] });
    expect(utc(crit.wait!.gapFrom)).toBe('2027-04-02T15:00');
    expect(utc(crit.wait!.gapTo)).toBe('2027-04-09T16:00');
    expect(crit.delay!.note).toMatch(
      /cannot select Ubuntu\/Debian updates by severity: the expedite rules select only packages of priority Required, Important/,
    );
  });

  test('the same account with an expedite rule on every priority: the nightly lane installs every security fix, 25 + 1 = 26 h', () => {
    const m = loadModel(editedCopy(ACME, onlyUbuntu));
    const crit = new TimeframeEngine(m).account(m.account('payments-prod'), 'expedite');
    // Lane 22:00 daily: Sat 2027-04-03 22:00 AEDT (11:00Z) -> Sun 2027-04-04 22:00 AEST (12:00Z) = 25 h, plus
    // 2 h - 1 h (the 30m cutoff rounded up) = 1 h usable.
    expect(crit).toMatchObject({ hours: 26, windows: ['canary', 'expedite'] });
    expect([utc(crit.wait!.gapFrom), utc(crit.wait!.gapTo)]).toEqual(['2027-04-03T11:00', '2027-04-04T12:00']);
  });

  test('a rule set that leaves a priority out never approves its security fixes: unbounded', () => {
    const m = loadModel(
      editedCopy(ACME, (t) =>
        replaceOnce(onlyUbuntu(t), '        - priority: [Standard, Optional]\n', '        - priority: [Standard]\n'),
      ),
    );
    // Rule 1 covers every priority here, so Optional is still selected; drop it there too.
    expect(new TimeframeEngine(m).account(m.account('payments-prod'), 'other').hours).toBe(26);
    const n = loadModel(
      editedCopy(ACME, (t) =>
        replaceOnce(
          replaceOnce(onlyUbuntu(t), '        - priority: [Standard, Optional]\n', '        - priority: [Standard]\n'),
          '        - priority: [Required, Important, Standard, Optional]\n',
          '        - priority: [Required, Important]\n',
        ),
      ),
    );
    const t = new TimeframeEngine(n).account(n.account('payments-prod'), 'expedite');
    expect(t.hours).toBe(Infinity);
    expect(t.reason).toMatch(/priority Optional in every section: they are never approved/);
  });

  test("mixed OSes: the contract's Ubuntu rules make Ubuntu the slowest in payments-prod (172 h), Amazon Linux and Windows 26 h", () => {
    const m = loadModel(editedCopy(ACME, contractUbuntu));
    const engine = new TimeframeEngine(m);
    const pay = m.account('payments-prod');
    expect(engine.accountByOs(pay, 'expedite').map((t) => [t.os!.os, t.hours])).toEqual([
      ['AMAZON_LINUX_2023', 26],
      ['UBUNTU', 172],
      ['WINDOWS', 26],
    ]);
    expect(engine.account(pay, 'expedite')).toMatchObject({
      hours: 172,
      os: { os: 'UBUNTU', sources: ['baseline ubuntu in force'] },
    });
    // data-platform-prod gets Ubuntu twice over: the baseline, and the pipeline's private copy.
    expect(engine.operatingSystems(m.account('data-platform-prod')).find((o) => o.os === 'UBUNTU')!.sources).toEqual([
      'baseline ubuntu in force',
      'pipeline ubuntu-2404-base copies its images here',
    ]);
    // And the assessment fails ISM-1877 on it, by OS.
    const a = assess(m);
    expect(a.requirements.find((r) => r.label === 'ISM-1877')).toMatchObject({
      status: 'not-met',
      summary: 'critical or exploited: worst case 172.0 h (7.2 days) > 48 h (payments-prod, UBUNTU)',
    });
    expect(
      a.exposureOsTimeframes
        .filter((e) => e.exposure === 'internet-facing' && e.cls === 'expedite')
        .map((e) => [e.os, e.worst!.hours]),
    ).toEqual([
      ['AMAZON_LINUX_2023', 26],
      ['UBUNTU', 172],
      ['WINDOWS', 26],
    ]);
  });

  test('an OS only a pipeline brings, patched by the predefined baseline, is the slowest: Windows 168 + 169 + 3 = 340 h', () => {
    const m = loadModel(
      editedCopy(ACME, (t) =>
        replaceOnce(t, /    windows:\n      os: WINDOWS\n[\s\S]*?complianceLevel: MEDIUM\n  rings:/, '  rings:'),
      ),
    );
    const engine = new TimeframeEngine(m);
    const web = m.account('website-prod');
    // windows-2022-base shares with the whole organization; no Windows baseline, so AWS-DefaultPatchBaseline: 7 days,
    // no expedite rule, so the production ring: 168 + 169 + 3 = 340 h.
    const t = engine.account(web, 'expedite');
    expect(t).toMatchObject({
      hours: 340,
      ring: 'production',
      os: { os: 'WINDOWS', sources: ['pipeline windows-2022-base shares its images here'] },
    });
    expect(t.delay).toMatchObject({ baseline: 'AWS-DefaultPatchBaseline', predefined: true });
  });
});
