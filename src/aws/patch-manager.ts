// Where a profile value is finer than AWS can express, the one place it is turned into what AWS accepts.

/** Maintenance windows last 1-24 whole hours (the API's Duration). */
export const WINDOW_HOURS = { min: 1, max: 24 } as const;

/**
 * The window's Duration and Cutoff in whole hours, as AWS takes them. Duration must already be whole hours
 * (the checks refuse anything else). Cutoff rounds UP: stopping new tasks earlier than asked is the safe side
 * (a 30m cutoff becomes 1h, so nothing new starts in the last hour rather than the last half hour). The checks
 * make sure the rounded cutoff is still shorter than the duration.
 */
export function windowHours(durationMinutes: number, cutoffMinutes: number): { duration: number; cutoff: number } {
  return { duration: durationMinutes / 60, cutoff: Math.ceil(cutoffMinutes / 60) };
}

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * The shortest CloudWatch retention that keeps logs at least `days` (rounding up keeps them long enough; the
 * S3 copy expires after exactly `days`). The schema caps `days` at 3653, CloudWatch's longest.
 */
export function logGroupRetentionDays(days: number): number {
  const r = LOG_RETENTION_DAYS.find((d) => d >= days);
  if (r === undefined) throw new RangeError(`no CloudWatch retention is ${days} days or longer`);
  return r;
}
