// The Essential Eight assessment of a profile: every requirement of the edition evaluated against the typed
// model, exemptions applied, and the maturity level reached. Pure: reads the model, never the raw file.
//
// Scope: the accounts in patching.targets, plus any account declared internet-facing or workstation (its
// exposure says it runs such systems, so leaving it unpatched fails). An internal account outside the targets
// (typically the management and audit accounts) is taken to run no servers, and is listed as out of scope.
import { longestGapHours, parseSchedule } from '../schedule';
import { exemptionState, reviewDue, type ExemptionState } from '../model/exemption-dates';
import type { Account, Exposure, OrgModel } from '../model';
import type { Exemption } from '../model';
import { hours, limit } from './format';
import { osRelease, releaseAge, releasesOf, supportPhase, type OsRelease, type SupportPhase } from './os-lifecycle';
import {
  HOURS,
  REQUIREMENTS,
  requirementLabel,
  type CheckSpec,
  type Edition,
  type MaturityLevel,
  type PatchClass,
  type Requirement,
  type Waiver,
} from './requirements';
import { TimeframeEngine, type AccountTimeframe } from './timeframes';
import { describeLane, isLaneTimeframe, withExploitLane } from './exploit-lane';

export type Status = 'met' | 'met-by-exemption' | 'not-met' | 'not-assessable';

/** One thing a requirement was checked against: an account, a pipeline, or the organization. */
export interface Finding {
  readonly kind: 'account' | 'pipeline' | 'organization';
  /** Account alias, pipeline name, or "organization". */
  readonly subject: string;
  readonly ok: boolean;
  readonly detail: string;
  /** An exemption that waives this (failing) subject as a whole. */
  readonly exemptedBy?: string;
}

export interface RequirementResult {
  readonly requirement: Requirement;
  readonly label: string;
  readonly status: Status;
  /** One line: the deciding number or fact. */
  readonly summary: string;
  readonly findings: readonly Finding[];
  /** Active exemptions that waive part of what this requirement covers. */
  readonly exemptions: readonly string[];
  /** Of those, the ones that waive a failing subject: without them the requirement would not be met. */
  readonly needed: readonly string[];
}

export interface ExemptionEntry {
  readonly exemption: Exemption;
  readonly state: ExemptionState;
  readonly reviewDue: string;
}

export interface AccountScan {
  readonly account: Account;
  /** Amazon Inspector EC2 scanning (continuous; agentless at least every 24 h). */
  readonly inspector: boolean;
  /** Longest gap between Patch Manager scans (AWS-RunPatchBaseline Scan association), when deployed. */
  readonly patchScanHours?: number;
  /** Longest gap between software inventory runs (AWS-GatherSoftwareInventory), when deployed. */
  readonly inventoryHours?: number;
  /** Best of the two scanners. */
  readonly scanHours: number;
  /** Best of inventory and Inspector's EC2 coverage (which finds instances with or without the SSM agent). */
  readonly discoveryHours: number;
}

export interface PipelineOs {
  readonly pipeline: string;
  readonly release: OsRelease;
  readonly phase: SupportPhase;
  /** 0 latest, 1 previous, 2+ older. */
  readonly age: number;
  /** The latest release of the family on the as-of date. */
  readonly latest: OsRelease;
}

export interface ExposureTimeframe {
  readonly exposure: Exposure;
  readonly cls: PatchClass;
  /** Patch Manager OS, for the per-OS rows; absent for the worst over every OS. */
  readonly os?: string;
  /** The slowest account of that exposure, or undefined when there is none in scope. */
  readonly worst?: AccountTimeframe;
}

export interface LevelResult {
  readonly level: MaturityLevel;
  readonly met: boolean;
  /** Requirements of this level that are not met or cannot be assessed. */
  readonly blockers: readonly RequirementResult[];
}

export interface Assessment {
  readonly asOf: string;
  readonly edition: Edition;
  readonly targetMaturity: MaturityLevel;
  readonly enforce: boolean;
  readonly requirements: readonly RequirementResult[];
  readonly levels: readonly LevelResult[];
  /** Highest level whose requirements (and every lower level's) are all met; 0 when ML1 is not. */
  readonly achieved: 0 | MaturityLevel;
  readonly inScope: readonly Account[];
  readonly outOfScope: readonly Account[];
  readonly accountTimeframes: readonly AccountTimeframe[];
  readonly exposureTimeframes: readonly ExposureTimeframe[];
  /** Exposure × operating system × class: the slowest account for each OS that runs in that exposure. */
  readonly exposureOsTimeframes: readonly ExposureTimeframe[];
  readonly scans: readonly AccountScan[];
  readonly os: readonly PipelineOs[];
  readonly exemptions: readonly ExemptionEntry[];
  readonly engine: TimeframeEngine;
}

export const EXPOSURES: readonly Exposure[] = ['internet-facing', 'internal', 'workstation'];
export const CLASSES: readonly PatchClass[] = ['expedite', 'other'];
export const CLASS_NAMES: Record<PatchClass, string> = { expedite: 'critical or exploited', other: 'other' };

/** Compliance settings with the schema's defaults, also when the profile has no compliance section. */
export function complianceSettings(model: OrgModel): {
  edition: Edition;
  targetMaturity: MaturityLevel;
  enforce: boolean;
} {
  const c = model.compliance;
  return { edition: c.edition, targetMaturity: c.targetMaturity as MaturityLevel, enforce: c.enforce };
}

function scheduleGapHours(expr: string, from: Date): number {
  const parsed = parseSchedule(expr, 'association');
  return parsed.ok ? longestGapHours([{ schedule: parsed.schedule, timezone: 'UTC' }], from) : Infinity;
}

function describeTimeframe(t: AccountTimeframe): string {
  if (isLaneTimeframe(t)) return describeLane(t.lane);
  const os = t.os ? `${t.os.os}: ` : '';
  if (t.hours === Infinity || !t.delay || !t.wait) return `${os}unbounded: ${t.reason ?? 'no window installs it'}`;
  const via = t.windows!.length > 1 ? `ring ${t.ring} + expedite lane` : `ring ${t.ring}`;
  return `${os}${hours(t.hours)} = approval ${hours(t.delay.hours)} (${t.delay.baseline}) + wait ${hours(t.wait.gapHours)} + window ${hours(t.wait.usableHours)} (${via})`;
}

class Assessor {
  readonly settings: ReturnType<typeof complianceSettings>;
  readonly engine: TimeframeEngine;
  readonly inScope: Account[];
  readonly outOfScope: Account[];
  readonly exemptions: ExemptionEntry[];
  readonly active: Exemption[];
  readonly scans: AccountScan[];
  readonly os: PipelineOs[];
  private readonly timeframes = new Map<string, AccountTimeframe>();
  /** Longest gap of a scan schedule, by expression: every target account has the same ones. */
  private readonly gaps = new Map<string, number>();

  constructor(readonly model: OrgModel) {
    this.settings = complianceSettings(model);
    this.engine = new TimeframeEngine(model);
    const inScope = (a: Account) => this.engine.isTarget(a) || a.exposure !== 'internal';
    this.inScope = model.accounts.filter(inScope);
    this.outOfScope = model.accounts.filter((a) => !inScope(a));
    this.exemptions = model.exemptions
      .map((e) => ({ exemption: e, state: exemptionState(e, model.asOf), reviewDue: reviewDue(e) }))
      .sort((a, b) => a.exemption.id.localeCompare(b.exemption.id));
    this.active = this.exemptions.filter((e) => e.state === 'active').map((e) => e.exemption);
    this.scans = this.inScope.map((a) => this.scan(a));
    this.os = (model.imageFactory?.pipelines ?? []).map((pl) => {
      const release = osRelease(pl.os);
      return {
        pipeline: pl.key,
        release,
        phase: supportPhase(release, model.asOf),
        age: releaseAge(release, model.asOf),
        latest: releasesOf(release.family, model.asOf)[0],
      };
    });
  }

  timeframe(a: Account, cls: PatchClass): AccountTimeframe {
    const key = `${a.id}/${cls}`;
    let t = this.timeframes.get(key);
    // The exploit lane replaces the window path where it is faster (src/compliance/exploit-lane.ts).
    if (!t)
      this.timeframes.set(
        key,
        (t = withExploitLane(this.model, this.engine, this.settings.edition, this.engine.account(a, cls))),
      );
    return t;
  }

  private gapHours(expr: string): number {
    let h = this.gaps.get(expr);
    if (h === undefined) this.gaps.set(expr, (h = scheduleGapHours(expr, this.engine.from)));
    return h;
  }

  private scan(a: Account): AccountScan {
    const inspector = this.model.inspector?.ec2 ?? false;
    const p = this.engine.isTarget(a) ? this.model.patching : undefined;
    const patchScanHours = p ? this.gapHours(p.scan.schedule) : undefined;
    // patching.inventory: existing — the organization's own inventory is not Patchline's to evidence.
    const inventoryHours = p && p.inventory !== 'existing' ? this.gapHours(p.scan.inventorySchedule) : undefined;
    const best = (...hs: (number | undefined)[]) => Math.min(...hs.map((h) => h ?? Infinity));
    const continuous = inspector ? HOURS.day : undefined;
    return {
      account: a,
      inspector,
      patchScanHours,
      inventoryHours,
      scanHours: best(continuous, patchScanHours),
      discoveryHours: best(continuous, inventoryHours),
    };
  }

  /** An active exemption that waives `waiver` for the whole account (no narrowing tags or pipeline). */
  private coversAccount(waiver: Waiver, a: Account): Exemption | undefined {
    return this.active.find(
      (e) => e.waives.includes(waiver) && e.scope.account === a.alias && !e.scope.tags && !e.scope.pipeline,
    );
  }

  private coversPipeline(waiver: Waiver, pipeline: string): Exemption | undefined {
    return this.active.find(
      (e) => e.waives.includes(waiver) && e.scope.pipeline === pipeline && !e.scope.account && !e.scope.tags,
    );
  }

  /** Active exemptions waiving part of what the requirement covers. */
  private touching(r: Requirement, accounts: readonly Account[] | undefined): Exemption[] {
    if (!r.waivedBy) return [];
    return this.active.filter(
      (e) =>
        e.waives.includes(r.waivedBy!) &&
        (!accounts || !e.scope.account || accounts.some((a) => a.alias === e.scope.account)),
    );
  }

  private accountsOf(exposures: readonly Exposure[]): Account[] {
    return this.inScope.filter((a) => exposures.includes(a.exposure));
  }

  evaluate(r: Requirement): RequirementResult {
    const label = requirementLabel(r);
    const c = r.check;
    if (c.kind === 'not-assessable') {
      return {
        requirement: r,
        label,
        status: 'not-assessable',
        summary: `not assessable by this tool: ${c.reason}`,
        findings: [],
        exemptions: [],
        needed: [],
      };
    }
    const { findings, summary, accounts } = this.check(c);
    // A failing subject is waived only by an exemption that covers it whole.
    const waived = findings.map((f): Finding => {
      if (f.ok || !r.waivedBy) return f;
      const e =
        f.kind === 'account'
          ? this.coversAccount(r.waivedBy, this.model.account(f.subject))
          : f.kind === 'pipeline'
            ? this.coversPipeline(r.waivedBy, f.subject)
            : undefined;
      return e ? { ...f, exemptedBy: e.id } : f;
    });
    const touching = this.touching(r, accounts);
    const failing = waived.filter((f) => !f.ok && !f.exemptedBy);
    const needed = [...new Set(waived.flatMap((f) => (f.exemptedBy ? [f.exemptedBy] : [])))].sort();
    const ids = [...new Set([...needed, ...touching.map((e) => e.id)])].sort();
    // "Met by exemption" only when the requirement would fail without one; otherwise it is met, and the
    // exemptions that cover part of its scope are listed beside it.
    const status: Status = failing.length ? 'not-met' : needed.length ? 'met-by-exemption' : 'met';
    return { requirement: r, label, status, summary, findings: waived, exemptions: ids, needed };
  }

  private check(c: Exclude<CheckSpec, { kind: 'not-assessable' }>): {
    findings: Finding[];
    summary: string;
    accounts?: Account[];
  } {
    switch (c.kind) {
      case 'patch-timeframe': {
        const accounts = this.accountsOf(c.exposures);
        const classes = CLASSES.filter((cls) => c.limitHours[cls] !== undefined);
        const findings = accounts.map((a): Finding => {
          const parts = classes.map((cls) => ({ cls, t: this.timeframe(a, cls), max: c.limitHours[cls]! }));
          return {
            kind: 'account',
            subject: a.alias,
            ok: parts.every((p) => p.t.hours <= p.max),
            detail: parts
              .map(
                (p) =>
                  `${CLASS_NAMES[p.cls]}: ${describeTimeframe(p.t)} ${p.t.hours <= p.max ? '≤' : '>'} ${limit(p.max)}`,
              )
              .join('; '),
          };
        });
        if (!accounts.length)
          return { findings, summary: `no ${c.exposures.join(' or ')} accounts in scope`, accounts };
        const summary = classes
          .map((cls) => {
            const worst = accounts.map((a) => this.timeframe(a, cls)).reduce((w, t) => (t.hours > w.hours ? t : w));
            const max = c.limitHours[cls]!;
            return `${CLASS_NAMES[cls]}: worst case ${hours(worst.hours)} ${worst.hours <= max ? '≤' : '>'} ${limit(max)} (${worst.account.alias}${worst.os ? `, ${worst.os.os}` : ''})`;
          })
          .join('; ');
        return { findings, summary, accounts };
      }
      case 'scan-cadence': {
        const accounts = this.accountsOf(c.exposures);
        const covered = new Set(accounts);
        const scans = this.scans.filter((s) => covered.has(s.account));
        const findings = scans.map((s): Finding => ({
          kind: 'account',
          subject: s.account.alias,
          ok: s.scanHours <= c.maxGapHours,
          detail: `${s.inspector ? 'Amazon Inspector continuous EC2 scanning' : 'no Inspector EC2 scanning'}${s.patchScanHours !== undefined ? `; Patch Manager scan every ≤ ${hours(s.patchScanHours)}` : '; no Patch Manager scan'}`,
        }));
        if (!accounts.length)
          return { findings, summary: `no ${c.exposures.join(' or ')} accounts in scope`, accounts };
        const worst = scans.reduce((w, s) => (s.scanHours > w.scanHours ? s : w));
        return {
          findings,
          summary: `longest time between scans ${hours(worst.scanHours)} ${worst.scanHours <= c.maxGapHours ? '≤' : '>'} ${limit(c.maxGapHours)} (${worst.account.alias})`,
          accounts,
        };
      }
      case 'asset-discovery': {
        const findings = this.scans.map((s): Finding => ({
          kind: 'account',
          subject: s.account.alias,
          ok: s.discoveryHours <= c.maxGapHours,
          detail: `${s.inspector ? 'Amazon Inspector EC2 coverage (finds instances with or without the SSM agent)' : 'no Inspector EC2 coverage'}${s.inventoryHours !== undefined ? `; SSM inventory every ≤ ${hours(s.inventoryHours)}` : '; no SSM inventory'}`,
        }));
        if (!findings.length) return { findings, summary: 'no accounts in scope', accounts: [] };
        const worst = this.scans.reduce((w, s) => (s.discoveryHours > w.discoveryHours ? s : w));
        return {
          findings,
          summary: `longest time between discovery runs ${hours(worst.discoveryHours)} ${worst.discoveryHours <= c.maxGapHours ? '≤' : '>'} ${limit(c.maxGapHours)} (${worst.account.alias})`,
          accounts: [...this.inScope],
        };
      }
      case 'scanner-database': {
        const i = this.model.inspector;
        const ec2 = i?.ec2 ?? false;
        const detail = ec2
          ? `Amazon Inspector, administered by ${i!.admin.alias}, scans EC2 against its AWS-maintained vulnerability database (updated continuously)`
          : i
            ? 'Amazon Inspector is configured without EC2 scanning (inspector.autoEnable lacks ec2)'
            : 'no vulnerability scanner: the profile has no inspector section (Patch Manager compares against vendor repositories; it has no vulnerability database)';
        return { findings: [{ kind: 'organization', subject: 'organization', ok: ec2, detail }], summary: detail };
      }
      case 'os-supported': {
        const findings: Finding[] = this.os.map((o) => ({
          kind: 'pipeline',
          subject: o.pipeline,
          ok: o.phase === 'standard' || o.phase === 'security-only',
          detail:
            o.phase === 'unsupported'
              ? `${o.release.name}: vendor security support ended ${o.release.securitySupportEnds}${o.release.paidExtendedSupportEnds ? ` (paid extended support to ${o.release.paidExtendedSupportEnds} is not counted)` : ''}`
              : o.phase === 'not-released'
                ? `${o.release.name}: not released until ${o.release.released}`
                : `${o.release.name}: supported until ${o.release.securitySupportEnds}`,
        }));
        const bad = findings.filter((f) => !f.ok);
        return {
          findings,
          summary: findings.length
            ? bad.length
              ? `unsupported: ${bad.map((f) => `${f.subject} (${f.detail})`).join('; ')}`
              : `every pipeline OS is within vendor security support on ${this.model.asOf}`
            : 'no image pipelines',
        };
      }
      case 'os-release-current': {
        const findings = this.os.map((o): Finding => ({
          kind: 'pipeline',
          subject: o.pipeline,
          ok: o.age >= 0 && o.age <= 1,
          detail: `${o.release.name} is the ${o.age === 0 ? 'latest' : o.age === 1 ? 'previous' : `${o.age + 1}th newest`} release (latest: ${o.latest.name}, ${o.latest.released})`,
        }));
        const bad = findings.filter((f) => !f.ok);
        return {
          findings,
          summary: findings.length
            ? bad.length
              ? `older than the previous release: ${bad.map((f) => f.subject).join(', ')}`
              : 'every pipeline builds the latest or previous release'
            : 'no image pipelines',
        };
      }
    }
  }

  run(): Assessment {
    const { edition, targetMaturity, enforce } = this.settings;
    const requirements = REQUIREMENTS[edition].map((r) => this.evaluate(r));
    const levels = ([1, 2, 3] as const).map((level): LevelResult => {
      const blockers = requirements.filter((r) => r.requirement.levels.includes(level) && blocks(r));
      return { level, met: blockers.length === 0, blockers };
    });
    let achieved: 0 | MaturityLevel = 0;
    for (const l of levels) if (l.met && achieved === l.level - 1) achieved = l.level;
    const accountTimeframes = this.inScope.flatMap((a) => CLASSES.map((cls) => this.timeframe(a, cls)));
    const exposureTimeframes = EXPOSURES.flatMap((exposure) =>
      CLASSES.map((cls): ExposureTimeframe => {
        const ts = accountTimeframes.filter((t) => t.account.exposure === exposure && t.cls === cls);
        return { exposure, cls, worst: ts.length ? ts.reduce((w, t) => (t.hours > w.hours ? t : w)) : undefined };
      }),
    );
    const perOs = this.inScope.flatMap((a) => CLASSES.flatMap((cls) => this.engine.accountByOs(a, cls)));
    const exposureOsTimeframes = EXPOSURES.flatMap((exposure) => {
      const oses = [...new Set(perOs.filter((t) => t.account.exposure === exposure).map((t) => t.os!.os))].sort();
      return oses.flatMap((os) =>
        CLASSES.map((cls): ExposureTimeframe => {
          const ts = perOs.filter((t) => t.account.exposure === exposure && t.cls === cls && t.os!.os === os);
          return { exposure, cls, os, worst: ts.reduce((w, t) => (t.hours > w.hours ? t : w)) };
        }),
      );
    });
    return {
      asOf: this.model.asOf,
      edition,
      targetMaturity,
      enforce,
      requirements,
      levels,
      achieved,
      inScope: this.inScope,
      outOfScope: this.outOfScope,
      accountTimeframes,
      exposureTimeframes,
      exposureOsTimeframes,
      scans: this.scans,
      os: this.os,
      exemptions: this.exemptions,
      engine: this.engine,
    };
  }
}

/** A requirement that keeps its levels from being met. */
const blocks = (r: RequirementResult) => r.status === 'not-met' || r.status === 'not-assessable';

/** Assesses the model as of its own date (the loader's --as-of, or today). */
export function assess(model: OrgModel): Assessment {
  return new Assessor(model).run();
}

/**
 * The assessment, or undefined when the model reaches its target maturity level. Only the requirements of the
 * levels up to the target decide that (assess(model).achieved >= targetMaturity exactly when none of them blocks),
 * so a profile that meets its target, as synthesis asks on every run, is not assessed any further.
 */
export function assessIfTargetMissed(model: OrgModel): Assessment | undefined {
  const assessor = new Assessor(model);
  const { edition, targetMaturity } = assessor.settings;
  const decisive = REQUIREMENTS[edition].filter((r) => r.levels.some((l) => l <= targetMaturity));
  if (decisive.every((r) => !blocks(assessor.evaluate(r)))) return undefined;
  return assessor.run();
}

/** Timeframe requirements of the edition that cover the exposure and class, with their limits. */
export function timeframeRequirements(
  a: Assessment,
  exposure: Exposure,
  cls: PatchClass,
): { r: RequirementResult; max: number }[] {
  return a.requirements.flatMap((r) => {
    const c = r.requirement.check;
    return c.kind === 'patch-timeframe' && c.exposures.includes(exposure) && c.limitHours[cls] !== undefined
      ? [{ r, max: c.limitHours[cls]! }]
      : [];
  });
}

/** The tightest deadline for the exposure and class at the target level (what the timeline draws). */
export function deadlineAtTarget(a: Assessment, exposure: Exposure, cls: PatchClass): number | undefined {
  const limits = timeframeRequirements(a, exposure, cls)
    .filter(({ r }) => r.requirement.levels.includes(a.targetMaturity))
    .map(({ max }) => max);
  return limits.length ? Math.min(...limits) : undefined;
}

/** Requirements that stop the target level (and the levels below it) being met, in edition order. */
export function unmetForTarget(a: Assessment): RequirementResult[] {
  return a.requirements.filter(
    (r) =>
      r.requirement.levels.some((l) => l <= a.targetMaturity) &&
      (r.status === 'not-met' || r.status === 'not-assessable'),
  );
}
