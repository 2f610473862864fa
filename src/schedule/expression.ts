// Parsing and validation of AWS schedule expressions: `cron(...)` (six-field AWS/Quartz flavour) and
// `rate(N unit)`, plus IANA time-zone and duration helpers. Pure: no I/O, no clock.
//
// We validate with our own small tokenizer rather than aws-cron-parser's `parse()`: that function assumes
// the expression is already valid (it uses parseInt, so "5abc" is read as 5, and "1,L" is silently read as
// "L-1"), so it cannot produce AWS-style rejections.
import { IANAZone } from 'luxon';

/** Day-of-month rule. `unspecified` is `?`. */
export type DayOfMonthRule =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'days'; readonly days: readonly number[] }
  | { readonly kind: 'last' } // L
  | { readonly kind: 'lastWeekday' } // LW
  | { readonly kind: 'nearestWeekday'; readonly day: number }; // 15W

/** Day-of-week rule; days are 1=SUN .. 7=SAT as in AWS. `unspecified` is `?`. */
export type DayOfWeekRule =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'days'; readonly days: readonly number[] }
  | { readonly kind: 'last'; readonly day: number } // 6L = last Friday of the month
  | { readonly kind: 'nth'; readonly day: number; readonly nth: number }; // WED#2

/** Expanded cron fields; every number list is sorted ascending and de-duplicated. */
export interface CronFields {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly months: readonly number[];
  readonly dayOfWeek: DayOfWeekRule;
  readonly years: readonly number[];
}

export type RateUnit = 'minutes' | 'hours' | 'days';

export type Schedule =
  | { readonly kind: 'cron'; readonly expression: string; readonly fields: CronFields }
  | { readonly kind: 'rate'; readonly expression: string; readonly value: number; readonly unit: RateUnit };

export type ScheduleContext = 'maintenance-window' | 'association' | 'image-pipeline';

export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; message: string };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[]; // names[i] has value min + i
  readonly steps: boolean; // whether `/` is allowed (AWS: not in day-of-week)
}

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59, steps: true };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23, steps: true };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, steps: true };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  steps: true,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  steps: false,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199, steps: true };

/** Thrown internally; turned into `{ ok: false, message }` at the API boundary. */
class ScheduleError extends Error {}

function fail(message: string): never {
  throw new ScheduleError(message);
}

/** A single value: digits or (for month/day-of-week) a three-letter name. */
function parseValue(token: string, spec: FieldSpec): number {
  let value: number;
  if (/^\d+$/.test(token)) {
    value = Number(token);
  } else {
    const idx = spec.names ? spec.names.indexOf(token.toUpperCase()) : -1; // AWS names are case-insensitive
    if (idx < 0) {
      // Explain misplaced special characters instead of a bare "invalid value".
      const upper = token.toUpperCase();
      if (token.includes('#')) fail(`# is only allowed in day-of-week (e.g. WED#2), found "${token}" in ${spec.name}`);
      if (/^(\d*L|LW|L-\d+)$/.test(upper))
        fail(`L is only allowed in day-of-month or day-of-week, found "${token}" in ${spec.name}`);
      if (/^\d+W$/.test(upper)) fail(`W is only allowed in day-of-month, found "${token}" in ${spec.name}`);
      if (token === '?') fail(`? is only allowed in day-of-month or day-of-week, found in ${spec.name}`);
      const allowed = spec.names
        ? `${spec.min}-${spec.max} or ${spec.names[0]}-${spec.names[spec.names.length - 1]}`
        : `${spec.min}-${spec.max}`;
      fail(`invalid ${spec.name} value "${token}" (expected ${allowed})`);
    }
    value = spec.min + idx;
  }
  if (value < spec.min || value > spec.max) fail(`${spec.name} value ${value} is out of range ${spec.min}-${spec.max}`);
  return value;
}

/** Lists of `*`, values, `a-b` ranges and `x/step` increments (the wildcards common to all fields). */
function parseList(field: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    if (item === '') fail(`empty item in ${spec.name} list "${field}"`);
    const parts = item.split('/');
    if (parts.length > 2) fail(`invalid ${spec.name} step "${item}"`);
    const [rangePart, stepPart] = parts as [string, string | undefined];
    let step = 1;
    if (stepPart !== undefined) {
      if (!spec.steps) fail(`${spec.name} does not allow "/" increments, found "${item}"`);
      if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1)
        fail(`${spec.name} increment in "${item}" must be a positive integer`);
      step = Number(stepPart);
      if (spec !== YEAR && step > spec.max)
        fail(`${spec.name} increment ${step} in "${item}" is larger than ${spec.max}`);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = spec.min;
      hi = spec.max;
    } else {
      const ends = rangePart.split('-');
      if (ends.length > 2) fail(`invalid ${spec.name} range "${rangePart}"`);
      lo = parseValue(ends[0]!, spec);
      // `5/15` means "from 5, every 15, to the end of the field".
      hi = ends.length === 2 ? parseValue(ends[1]!, spec) : stepPart !== undefined ? spec.max : lo;
      // Quartz can wrap ranges such as FRI-MON; AWS does not document it, so we refuse rather than guess.
      if (lo > hi) fail(`${spec.name} range "${rangePart}" runs backwards (start ${lo} is after end ${hi})`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function parseDayOfMonth(field: string): DayOfMonthRule {
  const upper = field.toUpperCase(); // AWS accepts l/w in any case
  if (field === '?') return { kind: 'unspecified' };
  if (upper === 'L') return { kind: 'last' };
  if (upper === 'LW') return { kind: 'lastWeekday' };
  const w = /^(\d+)W$/.exec(upper);
  if (w) return { kind: 'nearestWeekday', day: parseValue(w[1]!, DAY_OF_MONTH) };
  if (/^L-\d+$/.test(upper)) fail(`day-of-month "${field}" (offset from the last day) is not supported; use L or LW`);
  if (/[LW]/.test(upper))
    fail(`day-of-month L and W must stand alone (L, LW or e.g. 15W), not inside a list or range: "${field}"`);
  return { kind: 'days', days: parseList(field, DAY_OF_MONTH) };
}

function parseDayOfWeek(field: string): DayOfWeekRule {
  const upper = field.toUpperCase();
  if (field === '?') return { kind: 'unspecified' };
  // Quartz/AWS: a bare L in day-of-week means the last day of the week, Saturday.
  if (upper === 'L') return { kind: 'days', days: [7] };
  const last = /^([A-Z]{3}|\d+)L$/.exec(upper);
  if (last) return { kind: 'last', day: parseValue(last[1]!, DAY_OF_WEEK) };
  const nth = /^([A-Z]{3}|\d+)#(\d+)$/.exec(upper);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) fail(`day-of-week "${field}": the number after # must be 1-5 (the Nth ${nth[1]} of the month)`);
    return { kind: 'nth', day: parseValue(nth[1]!, DAY_OF_WEEK), nth: n };
  }
  if (field.includes('#'))
    fail(`day-of-week "${field}": # must be written as DAY#N, e.g. WED#2, and cannot be combined with lists or ranges`);
  // No day name contains an L, so any L left here is misplaced.
  if (upper.includes('L')) {
    fail(`day-of-week L must be written alone or as DAYL (e.g. 6L or FRIL), not inside a list or range: "${field}"`);
  }
  return { kind: 'days', days: parseList(field, DAY_OF_WEEK) };
}

const CRON_FIELD_NAMES = 'minutes hours day-of-month month day-of-week year';

function parseCron(expression: string, body: string): Schedule {
  if (body !== body.trim() || / {2}|[^\S ]/.test(body)) {
    fail('cron fields must be separated by single spaces, with no leading or trailing spaces');
  }
  const raw = body === '' ? [] : body.split(' ');
  if (raw.length !== 6) fail(`cron expression must have 6 fields (${CRON_FIELD_NAMES}), found ${raw.length}`);
  const [min, hour, dom, month, dow, year] = raw as [string, string, string, string, string, string];
  if (dom === '?' && dow === '?') fail('day-of-month and day-of-week cannot both be ?; use ? in exactly one of them');
  if (dom !== '?' && dow !== '?') {
    fail(`one of day-of-month or day-of-week must be ? (AWS cannot combine them), found "${raw[2]}" and "${raw[4]}"`);
  }
  const fields: CronFields = {
    minutes: parseList(min, MINUTES),
    hours: parseList(hour, HOURS),
    dayOfMonth: parseDayOfMonth(dom),
    months: parseList(month, MONTH),
    dayOfWeek: parseDayOfWeek(dow),
    years: parseList(year, YEAR),
  };
  return { kind: 'cron', expression, fields };
}

const RATE_UNITS: Record<string, { unit: RateUnit; singular: boolean }> = {
  minute: { unit: 'minutes', singular: true },
  minutes: { unit: 'minutes', singular: false },
  hour: { unit: 'hours', singular: true },
  hours: { unit: 'hours', singular: false },
  day: { unit: 'days', singular: true },
  days: { unit: 'days', singular: false },
};

const UNIT_MINUTES: Record<RateUnit, number> = { minutes: 1, hours: 60, days: 1440 };

function parseRate(expression: string, body: string, context: ScheduleContext): Schedule {
  if (context === 'image-pipeline') fail('EC2 Image Builder pipelines only accept cron(...) schedules, not rate(...)');
  const m = /^(\S+) (\S+)$/.exec(body);
  if (!m) fail(`rate expression must look like rate(5 hours) or rate(1 day), found "${expression}"`);
  const [, valueText, unitText] = m as unknown as [string, string, string];
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1)
    fail(`rate value must be a positive integer, found "${valueText}"`);
  const value = Number(valueText);
  const u = RATE_UNITS[unitText];
  if (!u) fail(`rate unit must be minute(s), hour(s) or day(s), found "${unitText}"`);
  // AWS requires the singular unit for 1 and the plural otherwise.
  if (value === 1 && !u.singular)
    fail(`rate(1 ${unitText}) must use the singular unit: rate(1 ${unitText.slice(0, -1)})`);
  if (value !== 1 && u.singular)
    fail(`rate(${value} ${unitText}) must use the plural unit: rate(${value} ${unitText}s)`);
  if (context === 'maintenance-window' && u.unit === 'minutes') {
    fail('maintenance window rate expressions must use hours or days, not minutes');
  }
  if (context === 'association' && value * UNIT_MINUTES[u.unit] < 30) {
    fail(`association rate expressions must be at least 30 minutes apart, found ${expression}`);
  }
  return { kind: 'rate', expression, value, unit: u.unit };
}

/**
 * Parse `cron(...)` (AWS six-field: minutes hours day-of-month month day-of-week year, with `?`, `L`, `W`,
 * `#`, `*`, `/`, ranges, lists, MON-SUN/JAN-DEC names) or `rate(N unit)`. Returns a plain-English message
 * when AWS would reject it.
 */
export function parseSchedule(expr: string, context: ScheduleContext): ParseResult {
  try {
    const cron = /^cron\((.*)\)$/s.exec(expr);
    if (cron) return { ok: true, schedule: parseCron(expr, cron[1]!) };
    const rate = /^rate\((.*)\)$/s.exec(expr);
    if (rate) return { ok: true, schedule: parseRate(expr, rate[1]!, context) };
    if (/^at\(/.test(expr))
      return { ok: false, message: 'one-time at(...) schedules are not supported; use cron(...) or rate(...)' };
    return { ok: false, message: `schedule must be cron(...) or rate(...), found "${expr}"` };
  } catch (e) {
    if (e instanceof ScheduleError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * True for IANA zone names in Area/Location form that the runtime's tz database knows (case-insensitive,
 * as Intl is), plus plain 'UTC'. Abbreviations ('AEST', 'EST'), bare cities and offsets ('UTC+10') are
 * refused: they are either unknown or legacy aliases that AWS documentation does not promise to accept.
 */
export function isIanaTimezone(tz: string): boolean {
  // Asked once per account and window at assessment time; each luxon check builds an Intl.DateTimeFormat.
  let known = ianaZones.get(tz);
  if (known === undefined) {
    known = (tz.toUpperCase() === 'UTC' || /^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(tz)) && IANAZone.isValidZone(tz);
    ianaZones.set(tz, known);
  }
  return known;
}
const ianaZones = new Map<string, boolean>();

/** Parse durations like '3h', '30m', '1h30m', '2d', '180d' (units in d, h, m order) into minutes; null if malformed. */
export function parseDurationMinutes(s: string): number | null {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(s);
  if (!m || s === '') return null;
  const total = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return Number.isSafeInteger(total) ? total : null;
}
