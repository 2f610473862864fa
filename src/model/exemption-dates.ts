// Exemption lifecycle dates, shared by validation (checks/exemptions.ts) and the compliance engine.
// Calendar arithmetic on YYYY-MM-DD strings in UTC, so the answer never depends on the machine's time zone.
import type { Exemption } from '../profile/profile.generated';

const MS_PER_DAY = 86_400_000;

/** Within this many days of expiry an exemption draws a warning. */
export const EXPIRY_WARNING_DAYS = 30;

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);

/** reviewEvery ('180d') in days. */
export const reviewEveryDays = (e: Pick<Exemption, 'reviewEvery'>): number => Number(e.reviewEvery.replace(/d$/, ''));

/** The date the next review is due: the last review (or the approval) plus the review cycle. */
export const reviewDue = (e: Pick<Exemption, 'reviewEvery' | 'lastReviewed' | 'approvedOn'>): string =>
  addDays(e.lastReviewed ?? e.approvedOn, reviewEveryDays(e));

export type ExemptionState = 'active' | 'not-yet-approved' | 'expired' | 'review-overdue';

/** Whether the exemption waives anything on `asOf`: approved, not expired, review not overdue (all dates inclusive). */
export function exemptionState(
  e: Pick<Exemption, 'approvedOn' | 'expires' | 'reviewEvery' | 'lastReviewed'>,
  asOf: string,
): ExemptionState {
  if (e.expires < asOf) return 'expired';
  if (reviewDue(e) < asOf) return 'review-overdue';
  if (e.approvedOn > asOf) return 'not-yet-approved';
  return 'active';
}
