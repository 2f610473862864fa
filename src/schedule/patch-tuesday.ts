// Microsoft's monthly security release ("Patch Tuesday": the second Tuesday of the month, 10:00 Pacific
// time) against a schedule: for each release in a period, the first run at or after it, and whether a
// once-a-month `#n` cron meant as "after Patch Tuesday" runs before it in some months.
//
// Why it matters: AWS cron has no "the day after the second Tuesday". WED#2 is the day after only in
// months whose second Tuesday falls in days 8-13; in months that start on a Wednesday (April and July
// 2026, September 2027) the second Wednesday is the 8th and the second Tuesday the 14th, so the run
// comes six days early and that month's updates wait for next month's run.
import { DateTime } from 'luxon';
import type { Schedule } from './expression';
import { occurrences } from './occurrences';

/** Microsoft publishes in Redmond time. */
export const PATCH_TUESDAY_ZONE = 'America/Los_Angeles';
/** Local hour of the release (10:00 Pacific, standard or daylight time). */
export const PATCH_TUESDAY_HOUR = 10;

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** The release instant of a month: its second Tuesday, 10:00 America/Los_Angeles. */
export function patchTuesday(year: number, month: number): Date {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: PATCH_TUESDAY_ZONE });
  const firstTuesday = 1 + ((2 - first.weekday + 7) % 7); // luxon: 1 = Monday, 2 = Tuesday
  return DateTime.fromObject(
    { year, month, day: firstTuesday + 7, hour: PATCH_TUESDAY_HOUR },
    { zone: PATCH_TUESDAY_ZONE },
  ).toJSDate();
}

export interface ReleaseWait {
  /** Microsoft's release. */
  readonly release: Date;
  /** First run at or after the release (undefined: the schedule never runs again). */
  readonly next?: Date;
  /** Hours from the release to that run (Infinity when there is none). */
  readonly waitHours: number;
  /** A run in the release's own month (local to the schedule) that came before the release, if any. */
  readonly earlyRun?: Date;
  /** Whether the schedule also ran in that month after the release (so the early run was not the month's only one). */
  readonly alsoRanAfter: boolean;
}

/** Every release in [from, from + days), with the first run at or after it. */
export function releaseWaits(schedule: Schedule, timezone: string, from: Date, days: number): ReleaseWait[] {
  const fromMs = from.getTime();
  const endMs = fromMs + days * MS_PER_DAY;
  // Runs from a month before the period to two months after it: enough to find each release's next run
  // for any schedule that runs at least every other month.
  const runs = occurrences(schedule, {
    timezone,
    from: new Date(fromMs - 40 * MS_PER_DAY),
    to: new Date(endMs + 70 * MS_PER_DAY),
  }).map((d) => d.getTime());
  const out: ReleaseWait[] = [];
  const start = DateTime.fromMillis(fromMs, { zone: PATCH_TUESDAY_ZONE }).startOf('month');
  for (let m = start; m.toMillis() < endMs; m = m.plus({ months: 1 })) {
    const release = patchTuesday(m.year, m.month).getTime();
    if (release < fromMs || release >= endMs) continue;
    const next = runs.find((t) => t >= release);
    // The month's runs in the schedule's zone (a day of margin each side before the exact local check).
    const lo = m.toMillis() - MS_PER_DAY;
    const hi = m.plus({ months: 1 }).toMillis() + MS_PER_DAY;
    const inMonth = runs.filter((t) => {
      if (t < lo || t >= hi) return false;
      const local = DateTime.fromMillis(t, { zone: timezone });
      return local.year === m.year && local.month === m.month;
    });
    const early = inMonth.filter((t) => t < release);
    out.push({
      release: new Date(release),
      next: next !== undefined ? new Date(next) : undefined,
      waitHours: next !== undefined ? (next - release) / MS_PER_HOUR : Infinity,
      earlyRun: early.length ? new Date(early[early.length - 1]) : undefined,
      alsoRanAfter: inMonth.some((t) => t >= release),
    });
  }
  return out;
}

/**
 * A monthly `#n` cron (e.g. WED#2) written as "after Patch Tuesday" that runs before the release in some
 * months and after it in others: the months where it runs early, or [] when it is consistent.
 */
export function earlyPatchTuesdayRuns(schedule: Schedule, timezone: string, from: Date, days: number): ReleaseWait[] {
  if (schedule.kind !== 'cron' || schedule.fields.dayOfWeek.kind !== 'nth') return [];
  const waits = releaseWaits(schedule, timezone, from, days);
  const early = waits.filter((w) => w.earlyRun && !w.alsoRanAfter);
  const onTime = waits.filter((w) => !w.earlyRun && w.alsoRanAfter);
  return early.length && onTime.length ? early : [];
}
