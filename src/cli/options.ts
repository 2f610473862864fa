// Parsers for option values: a bad value is a usage error naming the flag (commander prefixes the flag).
import { InvalidArgumentError } from 'commander';

/** A real calendar date, YYYY-MM-DD (2026-02-30 is refused, not rolled over to March). */
export function calendarDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new InvalidArgumentError('expected a date as YYYY-MM-DD.');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new InvalidArgumentError(`${text} is not a day of the calendar.`);
  }
  return text;
}

export function positiveInt(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new InvalidArgumentError('expected a positive whole number.');
  return Number(text);
}

/** Comma-separated names; empty entries dropped. */
export function nameList(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) throw new InvalidArgumentError('expected one or more names, comma-separated.');
  return names;
}

/** `i/n`, 1 <= i <= n. */
export function shard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new InvalidArgumentError('expected i/n with 1 <= i <= n.');
  return { index, count };
}
