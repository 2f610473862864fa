// Enumerating schedule start instants in an IANA time zone, and the worst-case gap between starts.
//
// Approach: the cron fields describe local wall-clock times, so we walk the local calendar as a naive
// timeline (a "naive day" is days since 1970-01-01 of the local date), match whole days against the day
// fields, expand hours x minutes, and convert each naive local time to a real instant. Only days with a
// UTC-offset change go through luxon's DateTime.fromObject (non-existent spring-forward times shift forward,
// ambiguous fall-back times take the earlier, daylight-time instant); all other days use one fixed offset.
//
// We use our own day matcher rather than aws-cron-parser's next(): in 1.1.12 next() returns 1 May for
// day-of-month 31 in April (it builds Date.UTC(y, 3, 31) without checking the month), throws for 30W/31W in
// February and for LW, and decides "last <weekday> of the month" (5L) with local-time Dates in the process's
// TZ, so in Europe/London it skips October. Its next() is still used in the tests as an independent oracle.
import { DateTime, IANAZone } from 'luxon';
import { CronFields, isIanaTimezone, RateUnit, Schedule } from './expression';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
// Past the last start any cron can have (year field max 2199, plus a 6-day offset).
const AFTER_LAST_CRON_YEAR = Date.UTC(2200, 1, 1);
const RATE_MS: Record<RateUnit, number> = { minutes: MS_PER_MINUTE, hours: MS_PER_HOUR, days: MS_PER_DAY };

export interface OccurrenceOptions {
  readonly timezone: string;
  /** Maintenance-window ScheduleOffset: days added to each cron date, keeping the wall-clock time. 0-6. */
  readonly offsetDays?: number;
  readonly from: Date;
  readonly to: Date;
}

export interface ScheduleInZone {
  readonly schedule: Schedule;
  readonly timezone: string;
  readonly offsetDays?: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1=SUN .. 7=SAT, as in AWS day-of-week. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** Quartz `nW`: the weekday nearest day n, never leaving the month; no match if the month is too short. */
function nearestWeekday(year: number, month: number, n: number, dim: number): number {
  if (n > dim) return -1;
  const wd = weekday(year, month, n);
  if (wd === 7) return n === 1 ? 3 : n - 1; // Saturday -> Friday, or Monday the 3rd
  if (wd === 1) return n === dim ? n - 2 : n + 1; // Sunday -> Monday, or Friday before a Sunday month-end
  return n;
}

/** Does local date year-month-day satisfy the cron's year, month and day fields? */
export function cronMatchesDate(f: CronFields, year: number, month: number, day: number): boolean {
  if (!f.years.includes(year) || !f.months.includes(month)) return false;
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) return false; // e.g. 31 April: a plain `31` must not match it
  const dom = f.dayOfMonth;
  switch (dom.kind) {
    case 'days':
      return dom.days.includes(day);
    case 'last':
      return day === dim;
    case 'lastWeekday': {
      const wd = weekday(year, month, dim);
      return day === (wd === 7 ? dim - 1 : wd === 1 ? dim - 2 : dim);
    }
    case 'nearestWeekday':
      return day === nearestWeekday(year, month, dom.day, dim);
    case 'unspecified':
      break; // the parser guarantees day-of-week is then specified
  }
  const dow = f.dayOfWeek;
  const wd = weekday(year, month, day);
  switch (dow.kind) {
    case 'days':
      return dow.days.includes(wd);
    case 'last':
      return wd === dow.day && day + 7 > dim;
    case 'nth':
      return wd === dow.day && Math.ceil(day / 7) === dow.nth;
    case 'unspecified':
      return false;
  }
}

function checkOptions(timezone: string, offsetDays: number): void {
  if (!isIanaTimezone(timezone))
    throw new RangeError(`"${timezone}" is not an IANA time zone such as Australia/Sydney`);
  if (!Number.isInteger(offsetDays) || offsetDays < 0 || offsetDays > 6) {
    throw new RangeError(`offsetDays must be an integer 0-6, found ${offsetDays}`);
  }
}

/** The local calendar date of an instant, as a naive day number. */
function localDay(ms: number, timezone: string): number {
  const dt = DateTime.fromMillis(ms, { zone: timezone });
  return Date.UTC(dt.year, dt.month - 1, dt.day) / MS_PER_DAY;
}

const OFFSET_CACHE_LIMIT = 200_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * A zone's UTC offset (minutes) at an instant, remembered: the assessment asks for the same days once per
 * account and window, and luxon computes each through Intl (most of `validate`'s time on a real profile).
 */
function zoneOffsets(timezone: string): { offset(ms: number): number } {
  const zone = IANAZone.create(timezone);
  let cache = offsetCache.get(timezone);
  if (!cache) offsetCache.set(timezone, (cache = new Map()));
  const memo = cache;
  return {
    offset(ms: number): number {
      let o = memo.get(ms);
      if (o === undefined) {
        if (memo.size >= OFFSET_CACHE_LIMIT) memo.clear();
        memo.set(ms, (o = zone.offset(ms)));
      }
      return o;
    },
  };
}

/**
 * Cron starts in [fromMs, toMs), ascending and de-duplicated. With `limit`, stops after the first local
 * day on which `limit` starts have been collected (instants never go backwards across local days).
 */
function cronStarts(
  f: CronFields,
  timezone: string,
  offsetDays: number,
  fromMs: number,
  toMs: number,
  limit = Infinity,
): number[] {
  const zone = zoneOffsets(timezone);
  const out: number[] = [];
  // A local date is within a day of the UTC date (offsets are -12h..+14h); widen by one day and filter.
  const lastDay = Math.min(
    localDay(toMs, timezone) - offsetDays + 1,
    Date.UTC(f.years[f.years.length - 1]! + 1, 0, 1) / MS_PER_DAY,
  );
  for (let cronDay = localDay(fromMs, timezone) - offsetDays - 1; cronDay <= lastDay; cronDay++) {
    const c = new Date(cronDay * MS_PER_DAY);
    if (!cronMatchesDate(f, c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate())) continue;
    // The maintenance window runs offsetDays later at the same wall-clock time.
    const naiveMidnight = (cronDay + offsetDays) * MS_PER_DAY;
    // Offsets in effect at instants bracketing every possible local midnight..midnight of this day
    // (-14h..+36h). Equal means no transition touches this local day (tzdb never has two transitions that
    // cancel out within ~2 days), so naive - offset is exact; otherwise let luxon resolve each time.
    const fixed = zone.offset(naiveMidnight - 14 * MS_PER_HOUR);
    const constant = fixed === zone.offset(naiveMidnight + 36 * MS_PER_HOUR);
    const e = new Date(naiveMidnight);
    const dayStart = out.length;
    for (const h of f.hours) {
      for (const m of f.minutes) {
        const naive = naiveMidnight + h * MS_PER_HOUR + m * MS_PER_MINUTE;
        const t = constant
          ? naive - fixed * MS_PER_MINUTE
          : DateTime.fromObject(
              { year: e.getUTCFullYear(), month: e.getUTCMonth() + 1, day: e.getUTCDate(), hour: h, minute: m },
              { zone: timezone },
            ).toMillis();
        if (t >= fromMs && t < toMs) out.push(t);
      }
    }
    if (!constant) {
      // Spring-forward shifts (02:30 -> 03:30) can reorder or collide with real times on this day.
      const day = out.splice(dayStart).sort((a, b) => a - b);
      for (const t of day) if (out.length === dayStart || out[out.length - 1] !== t) out.push(t);
    }
    if (out.length >= limit) break;
  }
  return out;
}

function rateStarts(value: number, unit: RateUnit, anchorMs: number, fromMs: number, toMs: number): number[] {
  const step = value * RATE_MS[unit];
  const out: number[] = [];
  for (let t = anchorMs + Math.max(0, Math.ceil((fromMs - anchorMs) / step)) * step; t < toMs; t += step) out.push(t);
  return out;
}

/**
 * All start instants (UTC Date objects, ascending) of the schedule in [from, to), interpreting the cron
 * fields in `timezone` wall-clock time, shifted by offsetDays days (maintenance window ScheduleOffset, 0-6).
 * A rate starts at `from`. AWS allows ScheduleOffset only with cron, so a non-zero offset with a rate throws.
 */
export function occurrences(s: Schedule, opts: OccurrenceOptions): Date[] {
  const offsetDays = opts.offsetDays ?? 0;
  checkOptions(opts.timezone, offsetDays);
  const fromMs = opts.from.getTime();
  const toMs = opts.to.getTime();
  let starts: number[];
  if (s.kind === 'rate') {
    if (offsetDays !== 0) throw new RangeError('offsetDays (ScheduleOffset) is only valid with cron schedules');
    starts = rateStarts(s.value, s.unit, fromMs, fromMs, toMs);
  } else {
    starts = cronStarts(s.fields, opts.timezone, offsetDays, fromMs, toMs);
  }
  return starts.map((t) => new Date(t));
}

/** First start at or after `atMs`, or Infinity if the schedule never starts again (e.g. its years ran out). */
function firstStartFrom(entry: ScheduleInZone, anchorMs: number, atMs: number): number {
  const s = entry.schedule;
  if (s.kind === 'rate') return rateStarts(s.value, s.unit, anchorMs, atMs, atMs + s.value * RATE_MS[s.unit])[0]!;
  // cronStarts also stops at the end of the cron's last year, so a distant end costs nothing for most crons.
  const [first] = cronStarts(s.fields, entry.timezone, entry.offsetDays ?? 0, atMs, AFTER_LAST_CRON_YEAR, 1);
  return first ?? Infinity;
}

/**
 * Longest gap in hours between consecutive starts of the union of several schedules over the `days`-day
 * period starting at `from`, including the wrap-around gap from the last start in the period to the first
 * start after it (Infinity if no schedule starts again). Rates are anchored at `from`.
 * Returns Infinity if there are no starts in the period.
 */
export function longestGapHours(schedules: ReadonlyArray<ScheduleInZone>, from: Date, days = 365): number {
  const fromMs = from.getTime();
  const endMs = fromMs + days * MS_PER_DAY;
  let starts: number[] = [];
  let firstAfter = Infinity;
  for (const entry of schedules) {
    const offsetDays = entry.offsetDays ?? 0;
    checkOptions(entry.timezone, offsetDays);
    const s = entry.schedule;
    if (s.kind === 'rate' && offsetDays !== 0)
      throw new RangeError('offsetDays (ScheduleOffset) is only valid with cron schedules');
    const mine =
      s.kind === 'rate'
        ? rateStarts(s.value, s.unit, fromMs, fromMs, endMs)
        : cronStarts(s.fields, entry.timezone, offsetDays, fromMs, endMs);
    starts = starts.concat(mine); // not push(...mine): a per-minute cron has ~500k starts
    firstAfter = Math.min(firstAfter, firstStartFrom(entry, fromMs, endMs));
  }
  if (starts.length === 0) return Infinity;
  starts.sort((a, b) => a - b);
  let longest = firstAfter - starts[starts.length - 1]!;
  for (let i = 1; i < starts.length; i++) longest = Math.max(longest, starts[i]! - starts[i - 1]!);
  return longest / MS_PER_HOUR;
}
