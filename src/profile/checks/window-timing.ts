// Maintenance-window timing the schema cannot see:
// - Overlaps: the expedite lane runs AWS-RunPatchBaseline on every ring's instances in its exposures' accounts,
//   so a ring window that is open at the same time as the lane runs two patch operations on one instance; they
//   contend for the package manager, and a task that started still runs past the cutoff. Rings never share an
//   instance (an instance has one ring tag value), so only lane × ring pairs can clash. Occurrences are the real
//   ones over the assessment year in each window's time zone, daylight-saving changes included.
// - Rate control: with expectedRunTime, a ring (or the lane) whose waves cannot all run in its usable time.
// - Ubuntu/Debian: an expedite rule that selects some priorities, read as "critical", is not.
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../../model/defaults';
import { ASSESSMENT_DAYS, DEBIAN_FAMILY, uncoveredPriorities } from '../../compliance/timeframes';
import { windowHours } from '../../aws/patch-manager';
import { minutesText, waveBudget } from '../../patching/rate-control';
import { isIanaTimezone, occurrences, parseDurationMinutes, parseSchedule } from '../../schedule';
import type { Patching, Ring } from '../profile.generated';
import type { Check, CheckContext } from './context';
import { targetAliases } from './patching';

const MS_PER_DAY = 86_400_000;
type Settings = Partial<Ring>;

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Open intervals of the window over [from, to), or undefined when its settings do not parse (reported elsewhere). */
function intervals(w: Settings, from: number, to: number): Interval[] | undefined {
  if (w.schedule === undefined || w.duration === undefined) return undefined;
  const s = parseSchedule(w.schedule, 'maintenance-window');
  const d = parseDurationMinutes(w.duration);
  const tz = w.timezone ?? DEFAULT_TIMEZONE;
  if (
    !s.ok ||
    d === null ||
    d < 60 ||
    d > 1440 ||
    d % 60 !== 0 ||
    !isIanaTimezone(tz) ||
    (w.offsetDays !== undefined && s.schedule.kind === 'rate')
  )
    return undefined;
  return occurrences(s.schedule, {
    timezone: tz,
    offsetDays: w.offsetDays,
    from: new Date(from),
    to: new Date(to),
  }).map((t) => ({ start: t.getTime(), end: t.getTime() + d * 60_000 }));
}

/** The first instant both windows are open, as [start, end) of the overlap. */
export function firstOverlap(a: readonly Interval[], b: readonly Interval[]): Interval | undefined {
  let i = 0,
    j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start),
      end = Math.min(a[i].end, b[j].end);
    if (start < end) return { start, end };
    if (a[i].end <= b[j].end) i++;
    else j++;
  }
  return undefined;
}

const when = (w: Settings) =>
  `${w.schedule} ${w.timezone ?? DEFAULT_TIMEZONE}${w.offsetDays ? ` +${w.offsetDays} d` : ''}, ${w.duration}`;
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');

function checkOverlaps(ctx: CheckContext, p: Patching): void {
  const lane = p.expedite;
  if (!lane || !Object.values(p.baselines).some((b) => b.rules.some((r) => r.expedite))) return;
  const from = Date.parse(`${ctx.asOf}T00:00:00Z`),
    to = from + ASSESSMENT_DAYS * MS_PER_DAY;
  const laneIv = intervals(lane, from, to);
  if (!laneIv) return;
  const targets = targetAliases(ctx, p);
  const accounts = ctx.profile.organization.accounts;
  const laneAccounts = [...targets]
    .filter((a) => a in accounts && lane.exposures.includes(accounts[a].exposure))
    .sort();
  // One check per distinct window: the ring as written, or an account's override of it.
  const groups = new Map<string, { path: (string | number)[]; ring: string; w: Settings; accounts: string[] }>();
  for (const account of laneAccounts) {
    for (const ring of Object.keys(p.rings).sort()) {
      const o: Settings = p.accountOverrides?.[account]?.rings?.[ring] ?? {};
      const timing = (['schedule', 'timezone', 'offsetDays', 'duration'] as const).find((k) => o[k] !== undefined);
      const w = { ...p.rings[ring], ...o };
      const path = timing
        ? ['patching', 'accountOverrides', account, 'rings', ring, timing]
        : ['patching', 'expedite', 'schedule'];
      const key = `${ring}/${JSON.stringify([w.schedule, w.timezone, w.offsetDays, w.duration])}`;
      const g = groups.get(key) ?? { path, ring, w, accounts: [] };
      g.accounts.push(account);
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) {
    const ringIv = intervals(g.w, from, to);
    const clash = ringIv && firstOverlap(laneIv, ringIv);
    if (!clash) continue;
    const zone = lane.timezone ?? DEFAULT_TIMEZONE;
    const who =
      g.accounts.length > 3 ? `${g.accounts.length} ${lane.exposures.join('/')} accounts` : g.accounts.join(', ');
    ctx.report(
      g.path,
      `expedite lane (${when(lane)}) and ring ${g.ring} (${when(g.w)}) both patch ring ${g.ring}'s instances in ${who} and overlap: first clash ${local(clash.start, zone)} to ${DateTime.fromMillis(clash.end, { zone }).toFormat('HH:mm')}. Two runs contend for the package manager; move one window so they never overlap`,
    );
  }
}

function checkRate(
  ctx: CheckContext,
  path: (string | number)[],
  name: string,
  w: Settings,
  set?: ReadonlySet<string>,
): void {
  if (
    w.expectedRunTime === undefined ||
    w.duration === undefined ||
    w.cutoff === undefined ||
    w.maxConcurrency === undefined
  )
    return;
  if (set && !['expectedRunTime', 'duration', 'cutoff', 'maxConcurrency'].some((k) => set.has(k))) return;
  const d = parseDurationMinutes(w.duration),
    c = parseDurationMinutes(w.cutoff),
    run = parseDurationMinutes(w.expectedRunTime);
  if (d === null || c === null || run === null || d % 60 !== 0 || c >= d) return;
  const { duration, cutoff } = windowHours(d, c);
  const usable = (duration - cutoff) * 60;
  if (usable <= 0) return;
  const b = waveBudget(w.maxConcurrency, usable);
  const field =
    set?.has('expectedRunTime') === false
      ? [...set].find((k) => ['maxConcurrency', 'duration', 'cutoff'].includes(k))!
      : 'expectedRunTime';
  if (run > usable) {
    ctx.report(
      [...path, field],
      `${name} cannot finish in one window: one instance's run (expectedRunTime ${w.expectedRunTime}) is longer than the ${minutesText(usable)} in which tasks may start (duration ${w.duration} − cutoff ${cutoff}h)`,
    );
  } else if (b.waves !== undefined && b.waves * run > usable) {
    ctx.report(
      [...path, field],
      `${name} cannot finish in one window: maxConcurrency ${w.maxConcurrency} means ${b.waves} waves, ${b.waves} × ${w.expectedRunTime} = ${minutesText(b.waves * run)} > ${minutesText(usable)} usable (duration ${w.duration} − cutoff ${cutoff}h); runs may take at most ${minutesText(b.maxRunMinutes!)}`,
    );
  }
}

function checkDebianExpedite(ctx: CheckContext, p: Patching): void {
  for (const [key, b] of Object.entries(p.baselines)) {
    if (!DEBIAN_FAMILY.has(b.os)) continue;
    const expedite = b.rules.filter((r) => r.expedite);
    const missing = uncoveredPriorities(expedite);
    if (!expedite.length || !missing.length) continue;
    const i = b.rules.findIndex((r) => r.expedite);
    ctx.report(
      ['patching', 'baselines', key, 'rules', i, b.rules[i].priority ? 'priority' : 'section'],
      `${b.os} has no severity filter: priority is how essential a package is, not how severe its fix, so the expedite lane leaves security fixes in ${missing.join(', ')} packages to the rings; to fast-track every security fix, select every priority and section "*" in an expedite rule`,
      { severity: 'warning' },
    );
  }
}

export const checkWindowTiming: Check = (ctx) => {
  const p = ctx.profile.patching;
  if (!p) return;
  checkDebianExpedite(ctx, p);
  for (const [name, ring] of Object.entries(p.rings)) checkRate(ctx, ['patching', 'rings', name], `ring ${name}`, ring);
  if (p.expedite) checkRate(ctx, ['patching', 'expedite'], 'the expedite lane', p.expedite);
  for (const [account, o] of Object.entries(p.accountOverrides ?? {})) {
    for (const [ring, override] of Object.entries(o.rings)) {
      if (!(ring in p.rings)) continue;
      checkRate(
        ctx,
        ['patching', 'accountOverrides', account, 'rings', ring],
        `ring ${ring} in ${account}`,
        { ...p.rings[ring], ...override },
        new Set(Object.keys(override)),
      );
    }
  }
  checkOverlaps(ctx, p);
};
