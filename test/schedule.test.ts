import awsCronParser from 'aws-cron-parser';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  cronMatchesDate,
  isIanaTimezone,
  longestGapHours,
  occurrences,
  parseDurationMinutes,
  parseSchedule,
  Schedule,
  ScheduleContext,
} from '../src/schedule';

const HOUR = 3_600_000;

function parse(expr: string, context: ScheduleContext = 'maintenance-window'): Schedule {
  const r = parseSchedule(expr, context);
  if (!r.ok) throw new Error(`${expr}: ${r.message}`);
  return r.schedule;
}

function rejection(expr: string, context: ScheduleContext = 'maintenance-window'): string {
  const r = parseSchedule(expr, context);
  if (r.ok) throw new Error(`${expr} was accepted`);
  return r.message;
}

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const gap = (expr: string, timezone: string, from: Date, offsetDays = 0) =>
  longestGapHours([{ schedule: parse(expr), timezone, offsetDays }], from);

// Local midnight 1 Jan 2026 in Sydney (AEDT, +11) and in UTC.
const SYDNEY_2026 = new Date('2025-12-31T13:00:00Z');
const UTC_2026 = new Date('2026-01-01T00:00:00Z');

describe('parseSchedule: accepted expressions', () => {
  test('expands lists, ranges, steps and names', () => {
    const s = parse('cron(0/15 9-17 ? jan,Jul-SEP MON-FRI 2026-2027)');
    expect(s.kind).toBe('cron');
    if (s.kind !== 'cron') return;
    expect(s.fields.minutes).toEqual([0, 15, 30, 45]);
    expect(s.fields.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(s.fields.months).toEqual([1, 7, 8, 9]);
    expect(s.fields.dayOfMonth).toEqual({ kind: 'unspecified' });
    expect(s.fields.dayOfWeek).toEqual({ kind: 'days', days: [2, 3, 4, 5, 6] });
    expect(s.fields.years).toEqual([2026, 2027]);
    expect(s.expression).toBe('cron(0/15 9-17 ? jan,Jul-SEP MON-FRI 2026-2027)');
  });

  test('special day rules', () => {
    const dom = (e: string) => (parse(e) as Extract<Schedule, { kind: 'cron' }>).fields.dayOfMonth;
    const dow = (e: string) => (parse(e) as Extract<Schedule, { kind: 'cron' }>).fields.dayOfWeek;
    expect(dom('cron(0 1 L * ? *)')).toEqual({ kind: 'last' });
    expect(dom('cron(0 1 LW * ? *)')).toEqual({ kind: 'lastWeekday' });
    expect(dom('cron(0 1 15W * ? *)')).toEqual({ kind: 'nearestWeekday', day: 15 });
    expect(dom('cron(0 1 */10 * ? *)')).toEqual({ kind: 'days', days: [1, 11, 21, 31] });
    expect(dow('cron(0 1 ? * 6L *)')).toEqual({ kind: 'last', day: 6 });
    expect(dow('cron(0 1 ? * friL *)')).toEqual({ kind: 'last', day: 6 });
    expect(dow('cron(0 1 ? * L *)')).toEqual({ kind: 'days', days: [7] }); // bare L = Saturday
    expect(dow('cron(0 12 ? * WED#2 *)')).toEqual({ kind: 'nth', day: 4, nth: 2 });
    expect(dow('cron(0 12 ? * 4#5 *)')).toEqual({ kind: 'nth', day: 4, nth: 5 });
    expect(dow('cron(0 1 ? * * *)')).toEqual({ kind: 'days', days: [1, 2, 3, 4, 5, 6, 7] });
  });

  test('rates', () => {
    expect(parse('rate(1 day)')).toEqual({ kind: 'rate', expression: 'rate(1 day)', value: 1, unit: 'days' });
    expect(parse('rate(12 hours)')).toMatchObject({ value: 12, unit: 'hours' });
    expect(parse('rate(30 minutes)', 'association')).toMatchObject({ value: 30, unit: 'minutes' });
    expect(parse('rate(1 hour)', 'association')).toMatchObject({ value: 1, unit: 'hours' });
  });
});

describe('parseSchedule: rejections', () => {
  test.each<[string, RegExp, ScheduleContext?]>([
    [
      'cron(0 1 * * ?)',
      /^cron expression must have 6 fields \(minutes hours day-of-month month day-of-week year\), found 5$/,
    ],
    ['cron(0 1 * * ? * *)', /found 7/],
    ['cron()', /found 0/],
    ['cron(0 1 ? * ? *)', /cannot both be \?/],
    ['cron(0 1 * * MON *)', /one of day-of-month or day-of-week must be \?/],
    ['cron(0 1 * * * *)', /one of day-of-month or day-of-week must be \?/],
    ['cron(0 25 * * ? *)', /^hours value 25 is out of range 0-23$/],
    ['cron(60 1 * * ? *)', /minutes value 60 is out of range 0-59/],
    ['cron(0 1 32 * ? *)', /day-of-month value 32 is out of range 1-31/],
    ['cron(0 1 ? 13 MON *)', /month value 13 is out of range 1-12/],
    ['cron(0 1 ? * 8 *)', /day-of-week value 8 is out of range 1-7/],
    ['cron(0 1 * * ? 2200)', /year value 2200 is out of range 1970-2199/],
    ['cron(0 12 ? * WED#6 *)', /the number after # must be 1-5/],
    ['cron(0 12 ? * WED#0 *)', /the number after # must be 1-5/],
    ['cron(0 12 ? * MON#2,FRI *)', /# must be written as DAY#N/],
    ['cron(0 12 2#2 * ? *)', /# is only allowed in day-of-week/],
    ['cron(0 L * * ? *)', /L is only allowed in day-of-month or day-of-week/],
    ['cron(0 1 1,L * ? *)', /must stand alone/],
    ['cron(0 1 L-3 * ? *)', /not supported/],
    ['cron(0 1 ? * MON,5L *)', /L must be written alone/],
    ['cron(0 1 ? 3W MON *)', /W is only allowed in day-of-month/],
    ['cron(0 1 ? ? MON *)', /\? is only allowed in day-of-month or day-of-week/],
    ['cron(0 1 ? * MON/2 *)', /day-of-week does not allow "\/" increments/],
    ['cron(*/0 1 * * ? *)', /increment .* must be a positive integer/],
    ['cron(0 22-2 * * ? *)', /runs backwards/],
    ['cron(0 1 *  * ? *)', /single spaces/],
    ['cron( 0 1 * * ? *)', /single spaces/],
    ['cron(a b c d ? f)', /invalid minutes value "a"/],
    ['cron(5abc 1 * * ? *)', /invalid minutes value "5abc"/],
    ['rate(1 days)', /^rate\(1 days\) must use the singular unit: rate\(1 day\)$/],
    ['rate(2 day)', /must use the plural unit: rate\(2 days\)/],
    ['rate(0 hours)', /positive integer, found "0"/],
    ['rate(-1 hours)', /positive integer/],
    ['rate(1.5 hours)', /positive integer/],
    ['rate(2 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['rate(2hours)', /must look like rate\(5 hours\)/],
    ['rate(5 minutes)', /at least 30 minutes/, 'association'],
    ['rate(29 minutes)', /at least 30 minutes/, 'association'],
    ['rate(5 minutes)', /hours or days/, 'maintenance-window'],
    ['rate(1 day)', /only accept cron/, 'image-pipeline'],
    ['at(2026-01-01T00:00:00)', /one-time at\(\.\.\.\)/],
    ['every night at 2am', /must be cron\(\.\.\.\) or rate\(\.\.\.\)/],
    ['', /must be cron/],
    ['CRON(0 1 * * ? *)', /must be cron/],
    // A default keeps the callback's arity at 2: jest-each treats an extra parameter as a `done` callback.
  ])('%s', (expr, message, context: ScheduleContext = 'maintenance-window') => {
    expect(rejection(expr, context)).toMatch(message);
  });
});

describe('isIanaTimezone', () => {
  test.each([
    ['Australia/Sydney', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Etc/UTC', true],
    ['Etc/GMT+10', true],
    ['Mars/Olympus', false],
    ['AEST', false],
    ['Sydney', false],
    ['UTC+10', false],
    ['+10:00', false],
    ['', false],
  ])('%s -> %s', (tz, ok) => expect(isIanaTimezone(tz)).toBe(ok));
});

describe('parseDurationMinutes', () => {
  test.each<[string, number | null]>([
    ['3h', 180],
    ['30m', 30],
    ['1h30m', 90],
    ['2d', 2880],
    ['180d', 259200],
    ['1d12h', 2160],
    ['0m', 0],
    ['', null],
    ['3', null],
    ['30m1h', null],
    ['1h 30m', null],
    ['-3h', null],
    ['1.5h', null],
    ['3H', null],
    ['2w', null],
  ])('%j -> %j', (s, minutes) => expect(parseDurationMinutes(s)).toBe(minutes));
});

describe('cronMatchesDate (hand-checked against a 2026 calendar)', () => {
  const fields = (e: string) => (parse(e) as Extract<Schedule, { kind: 'cron' }>).fields;
  const daysIn = (e: string, year: number, month: number) => {
    const f = fields(e);
    const out: number[] = [];
    for (let d = 1; d <= 31; d++) if (cronMatchesDate(f, year, month, d)) out.push(d);
    return out;
  };
  test('W, LW, L and day 31', () => {
    expect(daysIn('cron(0 1 1W * ? *)', 2026, 2)).toEqual([2]); // 1 Feb 2026 is a Sunday -> Monday 2nd
    expect(daysIn('cron(0 1 1W * ? *)', 2026, 8)).toEqual([3]); // 1 Aug 2026 is a Saturday -> Monday 3rd, not July 31
    expect(daysIn('cron(0 1 15W * ? *)', 2026, 8)).toEqual([14]); // 15 Aug 2026 is a Saturday -> Friday 14th
    expect(daysIn('cron(0 1 31W * ? *)', 2026, 5)).toEqual([29]); // 31 May 2026 is a Sunday -> Friday 29th
    expect(daysIn('cron(0 1 30W * ? *)', 2026, 2)).toEqual([]); // February has no 30th (aws-cron-parser throws here)
    expect(daysIn('cron(0 1 LW * ? *)', 2026, 5)).toEqual([29]);
    expect(daysIn('cron(0 1 L * ? *)', 2026, 2)).toEqual([28]);
    expect(daysIn('cron(0 1 L * ? *)', 2028, 2)).toEqual([29]);
    expect(daysIn('cron(0 1 31 * ? *)', 2026, 4)).toEqual([]); // aws-cron-parser returns 1 May here
  });
  test('L and # in day-of-week', () => {
    expect(daysIn('cron(0 1 ? * 5L *)', 2026, 10)).toEqual([29]); // last Thursday of October 2026
    expect(daysIn('cron(0 1 ? * 1L *)', 2026, 10)).toEqual([25]); // last Sunday (aws-cron-parser misses it when TZ=Europe/London)
    expect(daysIn('cron(0 1 ? * WED#2 *)', 2026, 4)).toEqual([8]); // 1 Apr 2026 is a Wednesday
    expect(daysIn('cron(0 1 ? * WED#5 *)', 2026, 4)).toEqual([29]);
    expect(daysIn('cron(0 1 ? * WED#5 *)', 2026, 5)).toEqual([]);
    expect(daysIn('cron(0 1 ? JAN MON *)', 2026, 2)).toEqual([]);
    expect(daysIn('cron(0 1 ? * MON 2027)', 2026, 1)).toEqual([]);
  });
});

describe('occurrences', () => {
  test('Sydney nightly 01:00 keeps the wall-clock time across both 2026 DST changes', () => {
    const s = parse('cron(0 1 * * ? *)');
    // DST ends Sunday 5 April 2026 03:00 AEDT (+11) -> 02:00 AEST (+10); 01:00 on the 5th is still +11.
    expect(
      iso(
        occurrences(s, {
          timezone: 'Australia/Sydney',
          from: new Date('2026-04-03T00:00:00Z'),
          to: new Date('2026-04-06T00:00:00Z'),
        }),
      ),
    ).toEqual([
      '2026-04-03T14:00:00.000Z', // Sat 4 Apr 01:00 +11
      '2026-04-04T14:00:00.000Z', // Sun 5 Apr 01:00 +11
      '2026-04-05T15:00:00.000Z', // Mon 6 Apr 01:00 +10  -> 25 h after the previous start
    ]);
    // DST starts Sunday 4 October 2026 02:00 AEST -> 03:00 AEDT; 01:00 on the 4th is still +10.
    expect(
      iso(
        occurrences(s, {
          timezone: 'Australia/Sydney',
          from: new Date('2026-10-02T00:00:00Z'),
          to: new Date('2026-10-05T00:00:00Z'),
        }),
      ),
    ).toEqual([
      '2026-10-02T15:00:00.000Z', // Sat 3 Oct 01:00 +10
      '2026-10-03T15:00:00.000Z', // Sun 4 Oct 01:00 +10
      '2026-10-04T14:00:00.000Z', // Mon 5 Oct 01:00 +11  -> 23 h after the previous start
    ]);
  });

  test('times in the spring-forward gap move forward an hour and are de-duplicated', () => {
    // 02:00 and 02:30 on 4 Oct 2026 do not exist in Sydney: they become 03:00/03:30 AEDT, which the
    // schedule also names, so four wall-clock times give two starts.
    const s = parse('cron(0/30 2-3 ? * SUN *)');
    expect(
      iso(
        occurrences(s, {
          timezone: 'Australia/Sydney',
          from: new Date('2026-10-03T00:00:00Z'),
          to: new Date('2026-10-04T00:00:00Z'),
        }),
      ),
    ).toEqual(['2026-10-03T16:00:00.000Z', '2026-10-03T16:30:00.000Z']);
    // Ambiguous fall-back times (02:00-02:59 on 5 Apr) resolve to the first, daylight-time instant only.
    expect(
      iso(
        occurrences(s, {
          timezone: 'Australia/Sydney',
          from: new Date('2026-04-04T00:00:00Z'),
          to: new Date('2026-04-05T00:00:00Z'),
        }),
      ),
    ).toEqual([
      '2026-04-04T15:00:00.000Z', // 02:00 +11
      '2026-04-04T15:30:00.000Z', // 02:30 +11
      '2026-04-04T17:00:00.000Z', // 03:00 +10
      '2026-04-04T17:30:00.000Z', // 03:30 +10
    ]);
  });

  test('the window is [from, to)', () => {
    const s = parse('cron(0 0 * * ? *)');
    expect(
      iso(
        occurrences(s, {
          timezone: 'UTC',
          from: new Date('2026-01-01T00:00:00Z'),
          to: new Date('2026-01-03T00:00:00Z'),
        }),
      ),
    ).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z']);
  });

  test('offsetDays: 2 shifts the AWS example (third Tuesday 23:30) to Thursday, 48 h later in UTC', () => {
    const s = parse('cron(30 23 ? * TUE#3 *)');
    const window = { timezone: 'UTC', from: UTC_2026, to: new Date('2026-04-01T00:00:00Z') };
    const base = occurrences(s, window);
    const shifted = occurrences(s, { ...window, offsetDays: 2 });
    expect(iso(base)).toEqual(['2026-01-20T23:30:00.000Z', '2026-02-17T23:30:00.000Z', '2026-03-17T23:30:00.000Z']);
    expect(iso(shifted)).toEqual(['2026-01-22T23:30:00.000Z', '2026-02-19T23:30:00.000Z', '2026-03-19T23:30:00.000Z']);
    expect(shifted.map((d, i) => d.getTime() - base[i]!.getTime())).toEqual([48 * HOUR, 48 * HOUR, 48 * HOUR]);
  });

  test('offsetDays keeps the wall-clock time, so across a DST change it is 47 h, not 48 h', () => {
    // Sat 3 Oct 2026 01:00 AEST (+10) + 2 days = Mon 5 Oct 01:00 AEDT (+11).
    const s = parse('cron(0 1 ? * SAT *)');
    const opts = {
      timezone: 'Australia/Sydney',
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-10-06T00:00:00Z'),
    };
    expect(iso(occurrences(s, opts))).toEqual(['2026-10-02T15:00:00.000Z']);
    expect(iso(occurrences(s, { ...opts, offsetDays: 2 }))).toEqual(['2026-10-04T14:00:00.000Z']);
  });

  test('an offset start is included even if its cron date is before `from`', () => {
    const s = parse('cron(0 1 ? * SAT *)'); // Sat 3 Jan 2026 + 2 days = Mon 5 Jan
    expect(
      iso(
        occurrences(s, {
          timezone: 'UTC',
          offsetDays: 2,
          from: new Date('2026-01-05T00:00:00Z'),
          to: new Date('2026-01-06T00:00:00Z'),
        }),
      ),
    ).toEqual(['2026-01-05T01:00:00.000Z']);
  });

  test('a rate starts at `from`', () => {
    const from = new Date('2026-03-01T10:17:00Z');
    expect(
      iso(
        occurrences(parse('rate(6 hours)'), {
          timezone: 'Australia/Sydney',
          from,
          to: new Date(from.getTime() + 24 * HOUR),
        }),
      ),
    ).toEqual([
      '2026-03-01T10:17:00.000Z',
      '2026-03-01T16:17:00.000Z',
      '2026-03-01T22:17:00.000Z',
      '2026-03-02T04:17:00.000Z',
    ]);
  });

  test('bad options throw', () => {
    const opts = { from: UTC_2026, to: new Date('2026-01-02T00:00:00Z') };
    expect(() => occurrences(parse('cron(0 1 * * ? *)'), { ...opts, timezone: 'AEST' })).toThrow(/IANA/);
    expect(() => occurrences(parse('cron(0 1 * * ? *)'), { ...opts, timezone: 'UTC', offsetDays: 7 })).toThrow(/0-6/);
    expect(() => occurrences(parse('rate(1 day)'), { ...opts, timezone: 'UTC', offsetDays: 1 })).toThrow(
      /only valid with cron/,
    );
  });
});

describe('longestGapHours (hand-computed)', () => {
  test('nightly 01:00 in Sydney: 25 h, from the 5 Apr 01:00 start to 6 Apr 01:00 (DST ends 03:00 on the 5th)', () => {
    expect(gap('cron(0 1 * * ? *)', 'Australia/Sydney', SYDNEY_2026)).toBe(25);
    expect(gap('cron(0 1 * * ? *)', 'UTC', UTC_2026)).toBe(24);
    // The short night: 4 Oct 01:00 +10 -> 5 Oct 01:00 +11 is 23 h.
    const starts = occurrences(parse('cron(0 1 * * ? *)'), {
      timezone: 'Australia/Sydney',
      from: SYDNEY_2026,
      to: new Date('2027-01-01T00:00:00Z'),
    });
    const gaps = starts.slice(1).map((d, i) => (d.getTime() - starts[i]!.getTime()) / HOUR);
    expect(Math.min(...gaps)).toBe(23);
    expect(starts[gaps.indexOf(23)]!.toISOString()).toBe('2026-10-03T15:00:00.000Z');
    expect(starts[gaps.indexOf(25)]!.toISOString()).toBe('2026-04-04T14:00:00.000Z');
    expect(gaps.filter((g) => g !== 24)).toEqual([25, 23]);
  });

  test('Lord Howe Island shifts by 30 minutes, so the nightly gap is 24.5 h', () => {
    expect(gap('cron(0 1 * * ? *)', 'Australia/Lord_Howe', SYDNEY_2026)).toBe(24.5);
  });

  test('weekly Saturday 02:00: 168 h in UTC, 169 h in Sydney (the week containing Sun 5 Apr gains an hour)', () => {
    expect(gap('cron(0 2 ? * SAT *)', 'UTC', UTC_2026)).toBe(168);
    // Sat 4 Apr 02:00 +11 -> Sat 11 Apr 02:00 +10 = 169 h; Sat 3 Oct 02:00 +10 -> Sat 10 Oct +11 = 167 h.
    expect(gap('cron(0 2 ? * SAT *)', 'Australia/Sydney', SYDNEY_2026)).toBe(169);
  });

  test('second Wednesday monthly: 35 days = 840 h', () => {
    // 2026 second Wednesdays: Jan 14, Feb 11, Mar 11, Apr 8, May 13, Jun 10, Jul 8, Aug 12, Sep 9, Oct 14,
    // Nov 11, Dec 9, then Jan 13 2027. Gaps (days): 28 28 28 35 28 28 35 28 35 28 28 and wrap-around 35.
    expect(gap('cron(0 12 ? * WED#2 *)', 'UTC', UTC_2026)).toBe(840);
    const starts = occurrences(parse('cron(0 12 ? * WED#2 *)'), {
      timezone: 'UTC',
      from: UTC_2026,
      to: new Date('2027-02-01T00:00:00Z'),
    });
    expect(starts.map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-01-14',
      '2026-02-11',
      '2026-03-11',
      '2026-04-08',
      '2026-05-13',
      '2026-06-10',
      '2026-07-08',
      '2026-08-12',
      '2026-09-09',
      '2026-10-14',
      '2026-11-11',
      '2026-12-09',
      '2027-01-13',
    ]);
    // In Sydney Mar 11 -> Apr 8 crosses DST end (+1 h) and Sep 9 -> Oct 14 crosses DST start (-1 h);
    // Apr 8 -> May 13 and Dec 9 -> Jan 13 do not, so the longest is still exactly 840 h.
    expect(gap('cron(0 12 ? * WED#2 *)', 'Australia/Sydney', SYDNEY_2026)).toBe(840);
  });

  test('day-of-month 31 skips short months: Aug 31 -> Oct 31 is 61 days', () => {
    expect(gap('cron(0 0 31 * ? *)', 'UTC', UTC_2026)).toBe(61 * 24);
  });

  test('union of schedules', () => {
    const nightly = parse('cron(0 1 * * ? *)');
    const weekly = parse('cron(0 2 ? * SAT *)');
    expect(
      longestGapHours(
        [
          { schedule: weekly, timezone: 'Australia/Sydney' },
          { schedule: nightly, timezone: 'Australia/Sydney' },
        ],
        SYDNEY_2026,
      ),
    ).toBe(25);
    expect(
      longestGapHours(
        [
          { schedule: weekly, timezone: 'UTC' },
          { schedule: nightly, timezone: 'UTC' },
        ],
        UTC_2026,
      ),
    ).toBe(24);
    // Saturday and Wednesday 02:00: Sat -> Wed is 4 days.
    expect(
      longestGapHours(
        [
          { schedule: weekly, timezone: 'UTC' },
          { schedule: parse('cron(0 2 ? * WED *)'), timezone: 'UTC' },
        ],
        UTC_2026,
      ),
    ).toBe(96);
    // Different zones: Sydney 01:00 (15:00Z in winter) and UTC 03:00 -> in winter the gaps are 12 h and 12 h,
    // in summer (14:00Z) 11 h and 13 h.
    expect(
      longestGapHours(
        [
          { schedule: nightly, timezone: 'Australia/Sydney' },
          { schedule: parse('cron(0 3 * * ? *)'), timezone: 'UTC' },
        ],
        SYDNEY_2026,
      ),
    ).toBe(13);
  });

  test('rates', () => {
    expect(gap('rate(1 day)', 'UTC', UTC_2026)).toBe(24);
    expect(gap('rate(2 days)', 'UTC', UTC_2026)).toBe(48);
    expect(gap('rate(5 days)', 'Australia/Sydney', SYDNEY_2026)).toBe(120); // 365 = 73 x 5, so the wrap-around is 5 days too
    expect(gap('rate(7 days)', 'UTC', UTC_2026)).toBe(168);
  });

  test('offsetDays does not change the gaps of a schedule in UTC', () => {
    expect(gap('cron(0 12 ? * WED#2 *)', 'UTC', UTC_2026, 2)).toBe(840);
    expect(gap('cron(0 2 ? * SAT *)', 'UTC', UTC_2026, 6)).toBe(168);
  });

  test('Infinity when there are no starts, or none after the last one', () => {
    expect(gap('cron(0 0 30 FEB ? *)', 'UTC', UTC_2026)).toBe(Infinity);
    expect(gap('cron(0 0 1 1 ? 2030)', 'UTC', UTC_2026)).toBe(Infinity); // nothing in the period
    expect(gap('cron(0 0 * * ? 2026)', 'UTC', UTC_2026)).toBe(Infinity); // stops after 31 Dec 2026
    expect(longestGapHours([], UTC_2026)).toBe(Infinity);
    // The year field's next value counts as the wrap-around: 1 Jan 2026 00:00 -> 1 Jan 2028 00:00.
    expect(gap('cron(0 0 1 1 ? 2026,2028)', 'UTC', UTC_2026)).toBe(730 * 24);
  });

  test('a year of a nightly schedule takes well under 50 ms', () => {
    const entry = [{ schedule: parse('cron(0 1 * * ? *)'), timezone: 'Australia/Sydney' }];
    longestGapHours(entry, SYDNEY_2026); // warm up luxon's Intl caches
    const t0 = performance.now();
    longestGapHours(entry, SYDNEY_2026);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

// ---- properties ----

const ZONES = [
  'UTC',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Pacific/Chatham',
];
// Start points near DST changes in those zones, plus an ordinary date.
const FROMS = ['2026-03-06', '2026-03-27', '2026-04-01', '2026-09-25', '2026-10-23', '2026-10-30', '2026-06-15'].map(
  (d) => new Date(`${d}T00:00:00Z`),
);
const DAYS = 14;

const sortedSubset = (min: number, max: number, maxLength: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength }).map((a) => [...a].sort((x, y) => x - y));

/** Random daily (`* * ? ... ? ` with day-of-month `*`) or weekly (day-of-week list) crons. */
const dailyOrWeekly = fc.record({
  minutes: sortedSubset(0, 59, 3),
  hours: sortedSubset(0, 23, 3),
  weekdays: fc.option(sortedSubset(1, 7, 3), { nil: undefined }),
});

const awsWeekday = (dt: DateTime) => (dt.weekday % 7) + 1; // luxon 1=Mon..7=Sun -> AWS 1=Sun..7=Sat

describe('properties', () => {
  test('occurrences are strictly ascending and sit on the cron wall-clock times (except in DST gaps)', () => {
    fc.assert(
      fc.property(
        dailyOrWeekly,
        fc.constantFrom(...ZONES),
        fc.constantFrom(...FROMS),
        fc.integer({ min: 0, max: 6 }),
        (c, zone, from, offsetDays) => {
          const expr = `cron(${c.minutes.join(',')} ${c.hours.join(',')} ${c.weekdays ? '?' : '*'} * ${c.weekdays ? c.weekdays.join(',') : '?'} *)`;
          const to = new Date(from.getTime() + DAYS * 24 * HOUR);
          const got = occurrences(parse(expr), { timezone: zone, from, to, offsetDays }).map((d) => d.getTime());
          for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);

          const matches = (local: DateTime) => {
            const cronDate = local.minus({ days: offsetDays });
            return (
              c.minutes.includes(local.minute) &&
              c.hours.includes(local.hour) &&
              (!c.weekdays || c.weekdays.includes(awsWeekday(cronDate)))
            );
          };
          for (const t of got) {
            expect(t).toBeGreaterThanOrEqual(from.getTime());
            expect(t).toBeLessThan(to.getTime());
            const local = DateTime.fromMillis(t, { zone });
            if (matches(local)) continue;
            // Otherwise it must be a non-existent wall-clock time pushed forward by the DST jump.
            const jump = local.offset - DateTime.fromMillis(t - 3 * HOUR, { zone }).offset;
            expect(jump).toBeGreaterThan(0);
            const wall = DateTime.fromObject(
              { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute },
              { zone: 'UTC' },
            ).minus({ minutes: jump });
            expect(matches(wall)).toBe(true);
            const resolved = DateTime.fromObject(
              { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute },
              { zone },
            );
            expect(resolved.hour * 60 + resolved.minute).not.toBe(wall.hour * 60 + wall.minute);
          }

          // Completeness, checked the slow way: every matching wall-clock time resolved by luxon alone.
          const expected = new Set<number>();
          const first = DateTime.fromJSDate(from, { zone })
            .startOf('day')
            .minus({ days: offsetDays + 1 });
          for (let d = 0; d <= DAYS + 2; d++) {
            const day = first.plus({ days: d });
            if (c.weekdays && !c.weekdays.includes(awsWeekday(day))) continue;
            const runDay = day.plus({ days: offsetDays });
            for (const hour of c.hours) {
              for (const minute of c.minutes) {
                const t = DateTime.fromObject(
                  { year: runDay.year, month: runDay.month, day: runDay.day, hour, minute },
                  { zone },
                ).toMillis();
                if (t >= from.getTime() && t < to.getTime()) expected.add(t);
              }
            }
          }
          expect(got).toEqual([...expected].sort((a, b) => a - b));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('in UTC, starts agree with aws-cron-parser next() on expressions it handles correctly', () => {
    // Avoids its known bugs: day-of-month above 28, W, LW, and day-of-week L (process-TZ dependent).
    const dayRule = fc.oneof(
      sortedSubset(1, 28, 3).map((d) => `${d.join(',')} * ?`),
      fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 })).map(([d, n]) => `? * ${d}#${n}`),
      sortedSubset(1, 7, 3).map((d) => `? ${'*'} ${d.join(',')}`),
      fc
        .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
        .map(([a, b]) => `? ${Math.min(a, b)}-${Math.max(a, b)} MON-FRI`),
      fc.constant('L * ?'),
    );
    fc.assert(
      fc.property(
        sortedSubset(0, 59, 2),
        sortedSubset(0, 23, 2),
        dayRule,
        fc.constantFrom(...FROMS),
        (minutes, hours, days, from) => {
          const body = `${minutes.join(',')} ${hours.join(',')} ${days} *`;
          const to = new Date(from.getTime() + 120 * 24 * HOUR);
          const ours = iso(occurrences(parse(`cron(${body})`), { timezone: 'UTC', from, to }));
          const parsed = awsCronParser.parse(body);
          const theirs: string[] = [];
          // next() returns the first start strictly after its argument (rounded to the minute).
          for (
            let t = awsCronParser.next(parsed, new Date(from.getTime() - 60_000));
            t && t < to;
            t = awsCronParser.next(parsed, t)
          ) {
            theirs.push(t.toISOString());
          }
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 200 },
    );
  });
});
