// Fixed formatting of numbers and instants for evidence: the same input always prints the same text.
import { DateTime } from 'luxon';

/** 26.5 h, 292.0 h (12.2 days), or "unbounded". One decimal, always. */
export function hours(h: number): string {
  if (!Number.isFinite(h)) return 'unbounded';
  const text = `${h.toFixed(1)} h`;
  return h >= 48 ? `${text} (${(h / 24).toFixed(1)} days)` : text;
}

/** A limit: 48 h, 2 weeks (336 h), 1 month (720 h). */
export function limit(h: number): string {
  if (h === 48) return '48 h';
  if (h === 24) return '24 h (daily)';
  if (h === 168) return '1 week (168 h)';
  if (h === 336) return '2 weeks (336 h)';
  if (h === 720) return '1 month (720 h)';
  return `${h} h`;
}

/**
 * An instant in a zone with its numeric offset, e.g. "2027-04-04 01:00 +11:00". Numeric, not "AEDT": zone
 * abbreviations come from the runtime's locale and ICU data, which would make the report machine-dependent.
 */
export function instant(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');
}

/** The instant in UTC, minutes precision: 2027-04-03T14:00Z. */
export const utc = (d: Date) => `${d.toISOString().slice(0, 16)}Z`;

export const list = (items: readonly string[]) => (items.length ? items.join(', ') : '–');

/** Markdown table cell: no pipes or newlines. */
export const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
