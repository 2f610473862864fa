// Worst-case time to patch, computed from the profile's baselines and maintenance windows.
//
// For a patch class (expedite = approved by rules marked `expedite`; other = the rest) and an instance in ring R:
//
//   worst case = approval delay                       (slowest rule of that class over the baselines that apply)
//              + longest wait for the next window     (between consecutive starts of the windows that install it)
//              + that window's usable time            (duration - cutoff: tasks may still start until the cutoff)
//
// The windows that install a class for ring R are R's own window, plus the expedite lane for the expedite class
// when the account's exposure gets the lane and the baseline has expedite rules (the lane installs only what
// those rules approve). Rings are never unioned with each other: an instance carries one ring tag, so a
// production instance waits for the production window even when canary ran yesterday. Starts come from the real
// cron/rate schedules in their time zones (offsets, `#`, `L` and W included) over the 365 days from the
// assessment date, plus the first start after that, so daylight-saving changes are in the gaps.
//
// Decisions:
// - approveAfterDays N adds N x 24 h (Patch Manager compares release dates by day, so this is an upper bound).
// - approveUntilDate approves only patches released on or before a fixed date: anything released later is never
//   approved by that rule, so its class has no bound and fails.
// - A baseline with no expedite rule: critical patches wait for its slowest rule, installed by rings only.
// - A baseline whose rules are all expedite: the other class is whatever those rules approve, lane included.
// - An OS a pipeline builds with no baseline in the profile gets the AWS predefined default baseline: 7 days for
//   Critical/Important security updates and nothing else approved (so no bound for the other class); Ubuntu's
//   predefined baseline approves everything at once.
import { occurrences, parseSchedule } from '../schedule';
import type { Account, OrgModel } from '../model';
import type { StatedRule as Rule } from '../model/patching';
import { expediteWindow, ringWindows, type WindowSpec } from '../model/windows';
import { accountOperatingSystems, type AccountOs } from './account-os';
import { patchManagerOs } from './os-lifecycle';
import type { PatchClass } from './requirements';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** The assessment covers this many days from the as-of date (a full year of DST changes and month shapes). */
export const ASSESSMENT_DAYS = 365;

/** Approval delay of one class in one baseline. */
export interface ApprovalDelay {
  readonly baseline: string;
  /** Patch Manager operating system. */
  readonly os: string;
  /** Hours from release to approval; Infinity when nothing bounds it. */
  readonly hours: number;
  /** Whether the expedite lane installs this class for this OS (the rules that approve it are expedite rules). */
  readonly lane: boolean;
  /** AWS predefined default baseline, used because the profile has none for a pipeline's OS. */
  readonly predefined: boolean;
  /** Why, in a sentence, when the delay is not simply the slowest rule's approveAfterDays. */
  readonly note?: string;
}

const PREDEFINED: Record<string, { name: string; expedite: number; other: number }> = {
  AMAZON_LINUX_2: { name: 'AWS-AmazonLinux2DefaultPatchBaseline', expedite: 7 * 24, other: Infinity },
  AMAZON_LINUX_2023: { name: 'AWS-AmazonLinux2023DefaultPatchBaseline', expedite: 7 * 24, other: Infinity },
  UBUNTU: { name: 'AWS-UbuntuDefaultPatchBaseline', expedite: 0, other: 0 },
  WINDOWS: { name: 'AWS-DefaultPatchBaseline', expedite: 7 * 24, other: Infinity },
  REDHAT_ENTERPRISE_LINUX: { name: 'AWS-RedHatDefaultPatchBaseline', expedite: 7 * 24, other: Infinity },
};

const ruleHours = (r: Rule) => (r.approveUntilDate !== undefined ? Infinity : (r.approveAfterDays ?? 0) * 24);

/** Patch Manager's Debian-family operating systems: rules filter by package PRIORITY and SECTION, no severity. */
export const DEBIAN_FAMILY: ReadonlySet<string> = new Set(['UBUNTU', 'DEBIAN']);
/**
 * Debian package priorities (how essential a package is, not how severe a vulnerability is). `Extra` is not
 * counted: Debian Policy 4.0.1 merged it into `optional`; the checks warn when a baseline leaves it out.
 */
export const DEB_PRIORITIES = ['Required', 'Important', 'Standard', 'Optional'] as const;

/** Priorities no rule selects in every section (a rule with a section list covers only those sections). */
export function uncoveredPriorities(rules: readonly Rule[]): string[] {
  const all = (r: Rule) => r.section === undefined || r.section.includes('*');
  return DEB_PRIORITIES.filter(
    (p) =>
      !rules.some(
        (r) => all(r) && (r.priority === undefined || r.priority.some((v) => v.toLowerCase() === p.toLowerCase())),
      ),
  );
}

/**
 * Ubuntu and Debian: with enableNonSecurity off, a rule approves only updates whose candidate version is in the
 * release's security pocket (noble-security, debian-security bookworm), at once; PRIORITY and SECTION say which
 * packages, never how severe the fix is. So Patch Manager cannot tell a critical fix from another one there:
 * both classes are "every security update", installed by the lane only when the expedite rules select every
 * priority in every section, otherwise by the rings through whichever rule matches the package.
 * (User Guide, "How patch baseline rules work on Ubuntu Server" and "... on Debian Server".)
 */
function debianDelay(name: string, os: string, rules: readonly Rule[]): Omit<ApprovalDelay, 'predefined'> {
  const missing = uncoveredPriorities(rules);
  if (missing.length) {
    return {
      baseline: name,
      os,
      hours: Infinity,
      lane: false,
      note: `no rule selects security updates of packages with priority ${missing.join(', ')} in every section: they are never approved`,
    };
  }
  const expedite = rules.filter((r) => r.expedite);
  if (expedite.length && !uncoveredPriorities(expedite).length) {
    return {
      baseline: name,
      os,
      hours: 0,
      lane: true,
      note: 'Patch Manager cannot select Ubuntu/Debian updates by severity; the expedite rules select every security update (all priorities and sections), so the lane installs them all',
    };
  }
  const partial = expedite.length
    ? `the expedite rules select only packages of priority ${[...new Set(expedite.flatMap((r) => r.priority ?? []))].join(', ') || 'some sections'} (how essential a package is, not how severe the fix is), so a critical fix in any other package waits for the ring`
    : 'no rule is marked expedite: every security update waits for the ring';
  return {
    baseline: name,
    os,
    hours: 0,
    lane: false,
    note: `Patch Manager cannot select Ubuntu/Debian updates by severity: ${partial}`,
  };
}

/** The approval delay of `cls` in every baseline that applies (profile baselines, then predefined ones), by name. */
export function approvalDelays(model: OrgModel, cls: PatchClass): ApprovalDelay[] {
  const baselines = model.patching?.baselineRules ?? {};
  const out: ApprovalDelay[] = Object.keys(baselines)
    .sort()
    .map((name) => {
      const b = baselines[name];
      if (DEBIAN_FAMILY.has(b.os)) return { ...debianDelay(name, b.os, b.rules), predefined: false };
      const expedite = b.rules.filter((r) => r.expedite);
      const others = b.rules.filter((r) => !r.expedite);
      // The rules that approve this class, whether the lane installs what they approve, and why when not obvious.
      const [used, lane, why]: [Rule[], boolean, string | undefined] =
        cls === 'expedite'
          ? expedite.length
            ? [expedite, true, undefined]
            : [
                b.rules,
                false,
                'no rule is marked expedite: critical patches wait for the slowest rule and the ring windows',
              ]
          : others.length
            ? [others, false, undefined]
            : [expedite, true, 'every rule is marked expedite: the expedite lane installs what they approve'];
      const hours = Math.max(...used.map(ruleHours));
      const until = used.find((r) => r.approveUntilDate !== undefined);
      const note = until
        ? `a rule approves only patches released on or before ${until.approveUntilDate} (approveUntilDate): later patches are never approved`
        : why;
      return { baseline: name, os: b.os, hours, lane, predefined: false, note };
    });
  const covered = new Set(out.map((d) => d.os));
  const pipelineOs = [...new Set((model.imageFactory?.pipelines ?? []).map((p) => patchManagerOs(p.os)))].sort();
  for (const os of pipelineOs) {
    if (covered.has(os)) continue;
    const p = PREDEFINED[os];
    const hours = cls === 'expedite' ? p.expedite : p.other;
    const note =
      os === 'UBUNTU'
        ? `no baseline in the profile: the predefined ${p.name} approves every security update at once, with no expedite rule, so they wait for the ring`
        : hours === Infinity
          ? `no baseline in the profile: the predefined ${p.name} approves only Critical and Important security updates, so other patches are never approved`
          : `no baseline in the profile: the predefined ${p.name} applies (${hours / 24} days)`;
    out.push({ baseline: p.name, os, hours, lane: false, predefined: true, note });
  }
  return out;
}

/** A window as the timing sees it. */
export interface TimedWindow {
  /** Ring name or 'expedite'. */
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly offsetDays?: number;
  readonly usableMinutes: number;
}

export const timed = (w: WindowSpec): TimedWindow => ({
  name: w.name,
  schedule: w.schedule,
  timezone: w.timezone,
  offsetDays: w.offsetDays,
  usableMinutes: w.durationMinutes - w.cutoffMinutes,
});

/** The worst wait for the next window: the gap that precedes a start, plus that start's usable time. */
export interface WorstWait {
  /** gap + usable; Infinity when a window never starts again (or never starts in the period). */
  readonly hours: number;
  readonly gapHours: number;
  readonly usableHours: number;
  /** Start before the gap (a patch approved just after it waits the whole gap), and the start ending it. */
  readonly gapFrom?: Date;
  readonly gapTo?: Date;
  /** The window that opens at gapTo. */
  readonly installedBy?: string;
  /** Set when a schedule cannot be read (only possible before the loader checks schedules). */
  readonly error?: string;
}

interface Start {
  readonly t: number;
  readonly usableMs: number;
  readonly name: string;
}

function startsOf(w: TimedWindow, fromMs: number, toMs: number): Start[] | string {
  const parsed = parseSchedule(w.schedule, 'maintenance-window');
  if (!parsed.ok) return `${w.name}: ${parsed.message}`;
  const usableMs = w.usableMinutes * 60_000;
  return occurrences(parsed.schedule, {
    timezone: w.timezone,
    offsetDays: w.offsetDays,
    from: new Date(fromMs),
    to: new Date(toMs),
  }).map((d) => ({ t: d.getTime(), usableMs, name: w.name }));
}

/** First start at or after `atMs`, looking progressively further (most windows recur within a week). */
function firstStartAfter(w: TimedWindow, atMs: number): Start | undefined {
  for (const days of [8, 32, 370, 740]) {
    const s = startsOf(w, atMs, atMs + days * MS_PER_DAY);
    if (typeof s !== 'string' && s.length) return s[0];
  }
  return undefined;
}

/**
 * Worst wait over the `days` from `from` for a patch that any of `windows` installs: max over consecutive
 * starts (a, b) of (b - a) + usable(b), including the wrap to the first start after the period. Windows that
 * start at the same instant count with the longest usable time (the conservative reading).
 */
export function worstWait(windows: readonly TimedWindow[], from: Date, days = ASSESSMENT_DAYS): WorstWait {
  const fromMs = from.getTime();
  const endMs = fromMs + days * MS_PER_DAY;
  let starts: Start[] = [];
  let after: Start | undefined;
  for (const w of windows) {
    const s = startsOf(w, fromMs, endMs);
    if (typeof s === 'string') return { hours: Infinity, gapHours: Infinity, usableHours: 0, error: s };
    starts = starts.concat(s);
    const next = firstStartAfter(w, endMs);
    if (next && (!after || next.t < after.t || (next.t === after.t && next.usableMs > after.usableMs))) after = next;
  }
  if (!starts.length) return { hours: Infinity, gapHours: Infinity, usableHours: 0 };
  starts.sort((a, b) => a.t - b.t || b.usableMs - a.usableMs || a.name.localeCompare(b.name));
  const merged = starts.filter((s, i) => i === 0 || s.t !== starts[i - 1].t);
  let best: WorstWait = { hours: -1, gapHours: 0, usableHours: 0 };
  for (let i = 0; i < merged.length; i++) {
    const a = merged[i];
    const b = i + 1 < merged.length ? merged[i + 1] : after;
    if (!b) return { hours: Infinity, gapHours: Infinity, usableHours: 0, gapFrom: new Date(a.t) };
    const total = b.t - a.t + b.usableMs;
    if (total > best.hours * MS_PER_HOUR) {
      best = {
        hours: total / MS_PER_HOUR,
        gapHours: (b.t - a.t) / MS_PER_HOUR,
        usableHours: b.usableMs / MS_PER_HOUR,
        gapFrom: new Date(a.t),
        gapTo: new Date(b.t),
        installedBy: b.name,
      };
    }
  }
  return best;
}

/** The worst case for one account and class, with the path that produces it. */
export interface AccountTimeframe {
  readonly account: Account;
  readonly cls: PatchClass;
  /** The operating system this path is for (the slowest one, for an account's worst case). */
  readonly os?: AccountOs;
  /** Total hours; Infinity when nothing bounds it (no ring coverage, unbounded approval, a window that stops). */
  readonly hours: number;
  readonly delay?: ApprovalDelay;
  /** The ring whose instances wait longest, and the windows that install the class for them. */
  readonly ring?: string;
  readonly windows?: readonly string[];
  readonly wait?: WorstWait;
  /** Why it is unbounded, when it is. */
  readonly reason?: string;
}

/** The windows that apply to an account: its rings and, for the exposures that get it, the expedite lane. */
interface WindowSet {
  readonly rings: readonly TimedWindow[];
  readonly lane?: TimedWindow;
}

/** An AccountTimeframe's path, without the account and OS it is for. */
type WorstPath = Omit<AccountTimeframe, 'account' | 'cls' | 'os'>;

/** The assessment date as the instant the year of windows starts from. */
export const assessmentStart = (asOf: string) => new Date(`${asOf}T00:00:00Z`);

/** Caches worst waits by window set: most accounts share the same rings. */
export class TimeframeEngine {
  private readonly cache = new Map<string, WorstWait>();
  /** Each window's JSON, the cache key's parts: built once per window, not once per account, OS and class. */
  private readonly windowKeys = new WeakMap<TimedWindow, string>();
  /** Ring windows and expedite lane by what decides them: the account's ring overrides and its exposure. */
  private readonly windowSets = new Map<string, WindowSet>();
  /** The worst path of each window set, by class and OS. */
  private readonly paths = new Map<WindowSet, Map<string, WorstPath>>();
  private readonly osCache = new Map<string, AccountOs[]>();
  private readonly byOs = new Map<string, AccountTimeframe[]>();
  private readonly targets: ReadonlySet<string>;
  private readonly delays: Readonly<Record<PatchClass, readonly ApprovalDelay[]>>;
  readonly from: Date;

  constructor(private readonly model: OrgModel) {
    this.targets = new Set((model.patching?.targets ?? []).map((a) => a.id));
    this.delays = { expedite: approvalDelays(model, 'expedite'), other: approvalDelays(model, 'other') };
    this.from = assessmentStart(model.asOf);
  }

  approvalDelays(cls: PatchClass): readonly ApprovalDelay[] {
    return this.delays[cls];
  }

  isTarget(account: Account): boolean {
    return this.targets.has(account.id);
  }

  wait(windows: readonly TimedWindow[]): WorstWait {
    // JSON.stringify(windows), from each window's own JSON.
    const key = `[${windows
      .map((w) => {
        let k = this.windowKeys.get(w);
        if (k === undefined) this.windowKeys.set(w, (k = JSON.stringify(w)));
        return k;
      })
      .join(',')}]`;
    let w = this.cache.get(key);
    if (!w) this.cache.set(key, (w = worstWait(windows, this.from)));
    return w;
  }

  /** The operating systems the profile puts in the account (baselines in force, pipelines' images). */
  operatingSystems(account: Account): readonly AccountOs[] {
    let o = this.osCache.get(account.id);
    if (!o) this.osCache.set(account.id, (o = accountOperatingSystems(this.model, account, this.isTarget(account))));
    return o;
  }

  /** Worst case over the account's operating systems: the slowest sets it. */
  account(account: Account, cls: PatchClass): AccountTimeframe {
    const all = this.accountByOs(account, cls);
    return all.length ? all.reduce((w, t) => (t.hours > w.hours ? t : w)) : this.unbounded(account, cls);
  }

  /** One worst case per operating system of the account, in OS order. */
  accountByOs(account: Account, cls: PatchClass): AccountTimeframe[] {
    const key = `${account.id}/${cls}`;
    let r = this.byOs.get(key);
    if (!r) this.byOs.set(key, (r = this.operatingSystems(account).map((os) => this.accountOs(account, os, cls))));
    return r;
  }

  /** The account's ring windows and expedite lane, timed: ringWindows() reads only its overrides, expediteWindow() its exposure. */
  private windows(account: Account): WindowSet {
    const key = `${this.model.patching?.ringOverrides.has(account.id) ? account.id : ''}/${account.exposure}`;
    let w = this.windowSets.get(key);
    if (!w) {
      const lane = expediteWindow(this.model, account);
      this.windowSets.set(key, (w = { rings: ringWindows(this.model, account).map(timed), lane: lane && timed(lane) }));
    }
    return w;
  }

  private unbounded(account: Account, cls: PatchClass, os?: AccountOs): AccountTimeframe {
    if (!this.isTarget(account))
      return {
        account,
        cls,
        os,
        hours: Infinity,
        reason: 'not in patching.targets: no baselines or maintenance windows are deployed to it',
      };
    if (!this.windows(account).rings.length)
      return { account, cls, os, hours: Infinity, reason: 'no rings: no maintenance window installs patches' };
    return { account, cls, os, hours: Infinity, reason: 'no patch baselines: nothing is approved' };
  }

  /** Worst case for one OS of the account, over the account's rings, with the baseline that patches that OS. */
  accountOs(account: Account, os: AccountOs, cls: PatchClass): AccountTimeframe {
    const set = this.windows(account);
    const delay = this.delays[cls].find((d) => d.os === os.os);
    if (!this.isTarget(account) || !set.rings.length || !delay) return this.unbounded(account, cls, os);
    // The worst path depends on the window set, the class and the OS only: accounts that share them share it.
    let paths = this.paths.get(set);
    if (!paths) this.paths.set(set, (paths = new Map()));
    let path = paths.get(`${cls}/${os.os}`);
    if (!path) paths.set(`${cls}/${os.os}`, (path = this.worstPath(set, delay)));
    return { account, cls, os, ...path };
  }

  private worstPath(set: WindowSet, delay: ApprovalDelay): WorstPath {
    let worst: WorstPath | undefined;
    for (const ring of set.rings) {
      const windows = delay.lane && set.lane ? [ring, set.lane] : [ring];
      const wait = this.wait(windows);
      const hours = delay.hours + wait.hours;
      if (!worst || hours > worst.hours) {
        const reason =
          delay.hours === Infinity
            ? `${delay.baseline}: ${delay.note}`
            : (wait.error ?? (wait.hours === Infinity ? `ring ${ring.name}: the window never opens again` : undefined));
        worst = { hours, delay, ring: ring.name, windows: windows.map((w) => w.name), wait, reason };
      }
    }
    return worst!;
  }
}
