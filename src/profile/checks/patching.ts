// Patching: references (target accounts and OUs, overridden accounts and rings), baselines AWS would refuse
// (a second baseline for an OS, filters the OS does not have), and maintenance windows and scans AWS would
// refuse or that cannot be expressed (schedules, time zones, whole-hour durations and cutoffs, offsets).
import { FILTER_FIELDS, FILTER_KEYS, LIMITS, type PatchOs } from '../../patching/baselines';
import { WINDOW_HOURS, windowHours } from '../../aws/patch-manager';
import { isIanaTimezone, parseDurationMinutes, parseSchedule } from '../../schedule';
import type { Patching, Ring } from '../profile.generated';
import { didYouMean, didYouMeanTimeZone } from '../suggest';
import type { Check, CheckContext } from './context';

type WindowField = keyof Ring;
interface Problem {
  /** Fields involved; the first is where the problem is reported. */
  readonly fields: readonly WindowField[];
  readonly message: string;
}

const hours = (minutes: number) =>
  minutes % 60 === 0
    ? `${minutes / 60}h`
    : minutes > 60
      ? `${Math.floor(minutes / 60)}h${minutes % 60}m`
      : `${minutes}m`;

/** What AWS would refuse about one maintenance window's settings (a ring, an override merged into its ring, or the expedite lane). */
function windowProblems(w: Partial<Ring>): Problem[] {
  const out: Problem[] = [];
  const schedule = w.schedule === undefined ? undefined : parseSchedule(w.schedule, 'maintenance-window');
  if (schedule && !schedule.ok)
    out.push({
      fields: ['schedule'],
      message: `not a schedule AWS accepts for a maintenance window: ${schedule.message}`,
    });
  if (w.timezone !== undefined && !isIanaTimezone(w.timezone)) {
    out.push({
      fields: ['timezone'],
      message: `"${w.timezone}" is not an IANA time zone name such as Australia/Sydney or UTC${didYouMeanTimeZone(w.timezone)}`,
    });
  }
  if (w.offsetDays !== undefined && schedule?.ok && schedule.schedule.kind === 'rate') {
    out.push({
      fields: ['offsetDays', 'schedule'],
      message: `offsetDays needs a cron(...) schedule; AWS offsets only cron schedules, not ${w.schedule}`,
    });
  }
  const d = w.duration === undefined ? null : parseDurationMinutes(w.duration);
  const c = w.cutoff === undefined ? null : parseDurationMinutes(w.cutoff);
  let durationOk = d !== null;
  if (d !== null) {
    if (d < WINDOW_HOURS.min * 60 || d > WINDOW_HOURS.max * 60) {
      out.push({
        fields: ['duration'],
        message: `a maintenance window lasts ${WINDOW_HOURS.min}h to ${WINDOW_HOURS.max}h, found ${w.duration}`,
      });
      durationOk = false;
    } else if (d % 60 !== 0) {
      out.push({
        fields: ['duration'],
        message: `AWS maintenance windows last whole hours; ${w.duration} cannot be expressed (use ${hours(Math.floor(d / 60) * 60)} or ${hours(Math.ceil(d / 60) * 60)})`,
      });
      durationOk = false;
    }
  }
  if (d !== null && c !== null && durationOk) {
    if (c >= d) {
      out.push({
        fields: ['cutoff', 'duration'],
        message: `cutoff ${w.cutoff} must be shorter than the window's duration ${w.duration}`,
      });
    } else if (windowHours(d, c).cutoff * 60 >= d) {
      out.push({
        fields: ['cutoff', 'duration'],
        message: `cutoff ${w.cutoff} rounds up to ${windowHours(d, c).cutoff}h (AWS counts cutoffs in whole hours), which is not shorter than the ${w.duration} window; use a shorter cutoff or a longer duration`,
      });
    }
  }
  return out;
}

/** Aliases of the accounts patching targets: listed accounts and every account in a targeted OU or below it. */
export function targetAliases(ctx: CheckContext, p: Patching): Set<string> {
  const ous = ctx.profile.organization.organizationalUnits ?? {};
  const targeted = new Set(p.targets.organizationalUnits ?? []);
  const inTarget = (ou: string | undefined): boolean => {
    // Bounded walk: a parent cycle is the organization check's to report, not a reason to hang.
    for (let o = ou, n = 0; o !== undefined && n <= Object.keys(ous).length; o = ous[o]?.parent, n++)
      if (targeted.has(o)) return true;
    return false;
  };
  const out = new Set(p.targets.accounts ?? []);
  for (const [alias, a] of ctx.accounts) if (inTarget(a.ou)) out.add(alias);
  return out;
}

function checkBaselines(ctx: CheckContext, p: Patching): void {
  const firstForOs = new Map<PatchOs, string>();
  for (const [key, b] of Object.entries(p.baselines)) {
    const path = ['patching', 'baselines', key];
    const first = firstForOs.get(b.os);
    if (first !== undefined) {
      ctx.report(
        [...path, 'os'],
        `baselines "${first}" and "${key}" are both for ${b.os}; an account has one default baseline per operating system, so merge their rules`,
      );
    } else firstForOs.set(b.os, key);
    const keys = FILTER_KEYS[b.os];
    const supported = FILTER_FIELDS.filter((f) => keys[f]).join(', ');
    b.rules.forEach((r, i) => {
      for (const field of FILTER_FIELDS) {
        const values = r[field];
        if (!values) continue;
        if (!keys[field])
          ctx.report(
            [...path, 'rules', i, field],
            `${b.os} patches have no ${field}; rules for ${b.os} can filter by ${supported}`,
            { key: true },
          );
        else if (values.length > LIMITS.filterValues)
          ctx.report(
            [...path, 'rules', i, field],
            `AWS allows at most ${LIMITS.filterValues} values in a patch filter, found ${values.length}`,
          );
      }
      if (r.enableNonSecurity && b.os === 'WINDOWS')
        ctx.report(
          [...path, 'rules', i, 'enableNonSecurity'],
          'enableNonSecurity applies to Linux repositories only; remove it from Windows rules',
          { key: true },
        );
    });
    for (const list of ['approvedPatches', 'rejectedPatches'] as const) {
      const n = b[list]?.length ?? 0;
      if (n > LIMITS.patchListItems)
        ctx.report([...path, list], `AWS allows at most ${LIMITS.patchListItems} ${list}, found ${n}`);
    }
  }
}

function checkWindows(ctx: CheckContext, p: Patching): void {
  const report = (path: readonly (string | number)[], problems: readonly Problem[]) => {
    for (const pr of problems) ctx.report([...path, pr.fields[0]], pr.message);
  };
  for (const [name, ring] of Object.entries(p.rings)) report(['patching', 'rings', name], windowProblems(ring));
  if (p.expedite) report(['patching', 'expedite'], windowProblems(p.expedite));

  const targets = targetAliases(ctx, p);
  for (const [account, o] of Object.entries(p.accountOverrides ?? {})) {
    const path = ['patching', 'accountOverrides', account];
    if (!ctx.accounts.has(account))
      ctx.report(path, `unknown account "${account}"${didYouMean(account, ctx.accounts.keys())}`, { key: true });
    // Without the OU tree (its key misspelt) the targets cannot be expanded: not a second error for one typo.
    else if (!targets.has(account) && !ctx.misspelt.has('organization.organizationalUnits'))
      ctx.report(
        path,
        `account "${account}" is not a patching target (patching.targets), so its overrides would never apply`,
        { key: true },
      );
    for (const [ring, override] of Object.entries(o.rings)) {
      const at = [...path, 'rings', ring];
      if (!(ring in p.rings)) {
        ctx.report(at, `ring "${ring}" is not defined in patching.rings${didYouMean(ring, Object.keys(p.rings))}`, {
          key: true,
        });
        continue;
      }
      // The account's window is the ring with the override on top; report only what the override causes,
      // at the overriding field (the ring's own problems are reported at the ring).
      const set = new Set(Object.keys(override));
      for (const pr of windowProblems({ ...p.rings[ring], ...override })) {
        const field = pr.fields.find((f) => set.has(f));
        if (field === undefined) continue;
        const others = pr.fields.filter((f) => !set.has(f));
        ctx.report([...at, field], others.length ? `${pr.message} (with the ring's ${others.join(', ')})` : pr.message);
      }
    }
  }
}

function checkScan(ctx: CheckContext, p: Patching): void {
  for (const field of ['schedule', 'inventorySchedule'] as const) {
    const expr = p.scan[field];
    if (expr === undefined) continue;
    const r = parseSchedule(expr, 'association');
    if (!r.ok) ctx.report(['patching', 'scan', field], `not a schedule AWS accepts for an association: ${r.message}`);
  }
}

export const checkPatching: Check = (ctx) => {
  const p = ctx.profile.patching;
  if (!p) return;
  const base = ['patching'];
  p.targets.organizationalUnits?.forEach((ou, i) => ctx.ou([...base, 'targets', 'organizationalUnits', i], ou));
  p.targets.accounts?.forEach((a, i) => ctx.account([...base, 'targets', 'accounts', i], a));
  if (/^aws:/i.test(p.ringTag))
    ctx.report(
      [...base, 'ringTag'],
      `tag keys starting with "aws:" are reserved by AWS; choose another ring tag than "${p.ringTag}"`,
    );
  checkBaselines(ctx, p);
  checkWindows(ctx, p);
  checkScan(ctx, p);
  if (p.expedite && !Object.values(p.baselines).some((b) => b.rules.some((r) => r.expedite))) {
    ctx.report(
      [...base, 'expedite'],
      'no approval rule is marked expedite: true, so the expedite lane would install nothing and is not generated',
      { key: true, severity: 'warning' },
    );
  }
};
