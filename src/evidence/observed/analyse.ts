// The observed verdict: what the collected data shows against the Essential Eight deadlines of the profile's
// edition and target maturity (the same requirement table and deadlines as the designed report, reused from
// src/compliance), with the designed worst case beside it.
import { assess, CLASSES, deadlineAtTarget, EXPOSURES, type Assessment } from '../../compliance/assess';
import { osRelease, OS_LIFECYCLE, supportPhase } from '../../compliance/os-lifecycle';
import type { PatchClass, Waiver } from '../../compliance/requirements';
import type { Exposure, OrgModel } from '../../model';
import type { Exemption } from '../../model';
import type { Collected, InstanceState } from './collect';

const HOUR = 3_600_000;

export type AgeBasis = 'vendor-release' | 'first-observed';

export interface LateItem {
  readonly exposure: Exposure;
  readonly os: string;
  readonly accountId: string;
  readonly account?: string;
  readonly region: string;
  readonly instanceId: string;
  readonly source: 'inspector' | 'patch-manager';
  /** CVE (Inspector) or patch ID (Patch Manager). */
  readonly id: string;
  readonly severity: string;
  readonly cls: PatchClass;
  readonly ageHours: number;
  readonly basis: AgeBasis;
  readonly deadlineHours: number;
  readonly late: boolean;
  readonly exemptedBy?: string;
}

export interface RemediationStats {
  readonly exposure: Exposure;
  readonly cls: PatchClass;
  readonly deadlineHours?: number;
  readonly count: number;
  readonly withinDeadline: number;
  /** From first observed. */
  readonly p50Hours?: number;
  readonly p90Hours?: number;
  readonly maxHours?: number;
  /** From vendor release, where the finding has it. */
  readonly fromReleaseCount: number;
  readonly fromReleaseP90Hours?: number;
  /** The designed worst case (schedules, approval delays) for the exposure and class. */
  readonly designedWorstHours?: number;
}

export interface StaleScan {
  readonly exposure: Exposure;
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  readonly scanner: 'patch-manager' | 'inspector';
  /** Undefined when there has never been a scan in the data. */
  readonly ageHours?: number;
  readonly maxGapHours: number;
  readonly exemptedBy?: string;
}

export interface InstanceIssue {
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  readonly detail: string;
  readonly exemptedBy?: string;
}

export interface Observed {
  readonly asOf: string;
  readonly edition: string;
  readonly targetMaturity: number;
  readonly periodDays: number;
  readonly source: string;
  readonly objects: number;
  readonly records: number;
  readonly instances: number;
  /** Open items (late or not), by exposure, OS, account, instance. */
  readonly open: readonly LateItem[];
  readonly remediation: readonly RemediationStats[];
  readonly staleScans: readonly StaleScan[];
  readonly unknown: readonly InstanceIssue[];
  readonly outsideRings: readonly InstanceIssue[];
  readonly unsupportedOs: readonly InstanceIssue[];
  readonly unknownAccounts: readonly string[];
  /** Patching account/region pairs with no synced data at all. */
  readonly gaps: readonly string[];
  readonly malformed: readonly { key: string; reason: string }[];
  readonly notEvidenced: readonly string[];
  /** Late, stale or unsupported, and not exempted. */
  readonly breaches: number;
}

const sortBy = <T>(xs: T[], key: (x: T) => string) =>
  xs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Inventory platform → OS lifecycle entry key (undefined when the table has no such release). */
export function lifecycleOs(name?: string, version?: string): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  const v = version ?? '';
  const major = v.split('.')[0];
  let os: string | undefined;
  if (n.includes('amazon linux'))
    os = v.startsWith('2023') ? 'amazon-linux-2023' : major === '2' ? 'amazon-linux-2' : undefined;
  else if (n.includes('ubuntu')) os = `ubuntu-${v.split('.').slice(0, 2).join('.')}`;
  else if (n.includes('windows server')) os = `windows-server-${/(20\d\d)/.exec(name)?.[1]}`;
  else if (n.includes('red hat')) os = `rhel-${major}`;
  return os && OS_LIFECYCLE.some((r) => r.os === os) ? os : undefined;
}

export function analyse(
  model: OrgModel,
  c: Collected,
  opts: { periodDays: number; source: string; designed?: Assessment },
): Observed {
  const a = opts.designed ?? assess(model);
  const end = Date.parse(`${model.asOf}T00:00:00Z`) + 24 * HOUR;
  const start = end - opts.periodDays * 24 * HOUR;
  const byId = new Map(model.accounts.map((x) => [x.id, x]));
  const active = a.exemptions.filter((e) => e.state === 'active').map((e) => e.exemption);
  const ringTag = model.patching?.ringTag;
  const rings = new Set(model.patching?.ringNames ?? []);
  const tagsOf = (i: InstanceState) => i.tags ?? i.inspectorTags;
  const covering = (waiver: Waiver, i: InstanceState): Exemption | undefined => {
    const alias = byId.get(i.accountId)?.alias;
    const tags = tagsOf(i) ?? {};
    return active.find(
      (e) =>
        e.waives.includes(waiver) &&
        !e.scope.pipeline &&
        e.scope.account === alias &&
        Object.entries(e.scope.tags ?? {}).every(([k, v]) => tags[k] === v),
    );
  };
  const osLabel = (i: InstanceState) =>
    i.platformName ? `${i.platformName} ${i.platformVersion ?? ''}`.trim() : (i.inspectorPlatform ?? 'unknown OS');
  const scanLimit = (exposure: Exposure): number | undefined => {
    const limits = a.requirements.flatMap((r) =>
      r.requirement.check.kind === 'scan-cadence' &&
      r.requirement.levels.includes(a.targetMaturity) &&
      r.requirement.check.exposures.includes(exposure)
        ? [r.requirement.check.maxGapHours]
        : [],
    );
    return limits.length ? Math.min(...limits) : undefined;
  };

  const open: LateItem[] = [];
  const unknownAccounts = new Set<string>();
  const place = (i: InstanceState) => {
    const acct = byId.get(i.accountId);
    if (!acct) unknownAccounts.add(i.accountId);
    return {
      exposure: acct?.exposure ?? 'internal',
      account: acct?.alias,
      accountId: i.accountId,
      region: i.region,
      instanceId: i.instanceId,
      os: osLabel(i),
    };
  };
  const item = (
    i: InstanceState,
    x: { source: LateItem['source']; id: string; severity: string; cls: PatchClass; since: number; basis: AgeBasis },
  ): LateItem | undefined => {
    const p = place(i);
    const deadline = deadlineAtTarget(a, p.exposure, x.cls);
    if (deadline === undefined) return undefined;
    const ageHours = Math.max(0, (end - x.since) / HOUR);
    const late = ageHours > deadline;
    return {
      ...p,
      source: x.source,
      id: x.id,
      severity: x.severity,
      cls: x.cls,
      ageHours,
      basis: x.basis,
      deadlineHours: deadline,
      late,
      exemptedBy: late ? covering('patch-timeframe', i)?.id : undefined,
    };
  };

  // Inspector findings: open ones against their deadline, closed ones (in the period) as time to remediate.
  const ttr = new Map<string, { first: number[]; release: number[]; within: number }>();
  for (const f of c.findings.values()) {
    const l = f.latest;
    const i = c.instances.get(`${l.accountId}/${l.region}/${l.resourceId}`)!;
    const cls: PatchClass = l.severity === 'CRITICAL' || l.exploitAvailable ? 'expedite' : 'other';
    // A suppressed finding is hidden from view, not fixed: it stays open here.
    if (l.status === 'ACTIVE' || l.status === 'SUPPRESSED') {
      const it = item(i, {
        source: 'inspector',
        id: l.vulnerabilityId ?? l.arn,
        severity: `${l.severity}${l.exploitAvailable ? ', exploited' : ''}${l.status === 'SUPPRESSED' ? ' (suppressed)' : ''}`,
        cls,
        since: l.vendorCreatedAt ?? f.firstObservedAt,
        basis: l.vendorCreatedAt !== undefined ? 'vendor-release' : 'first-observed',
      });
      if (it) open.push(it);
    } else if (l.status === 'CLOSED' && l.updatedAt >= start && l.updatedAt < end) {
      const exposure = byId.get(l.accountId)?.exposure ?? 'internal';
      const deadline = deadlineAtTarget(a, exposure, cls);
      const key = `${exposure}/${cls}`;
      const t = ttr.get(key) ?? { first: [], release: [], within: 0 };
      const hours = (l.updatedAt - f.firstObservedAt) / HOUR;
      t.first.push(hours);
      if (l.vendorCreatedAt !== undefined) t.release.push((l.updatedAt - l.vendorCreatedAt) / HOUR);
      if (
        deadline !== undefined &&
        (l.vendorCreatedAt !== undefined ? (l.updatedAt - l.vendorCreatedAt) / HOUR : hours) <= deadline
      )
        t.within++;
      ttr.set(key, t);
    }
  }
  // Patch Manager: patches missing in each instance's newest compliance snapshot.
  for (const i of c.instances.values()) {
    for (const m of i.missing.values()) {
      if (m.lastSeen !== i.complianceAt) continue; // installed since
      const cls: PatchClass = m.severity === 'CRITICAL' || m.patchSeverity === 'Critical' ? 'expedite' : 'other';
      const it = item(i, {
        source: 'patch-manager',
        id: m.id,
        severity: m.patchSeverity ?? m.severity ?? 'UNSPECIFIED',
        cls,
        since: m.firstSeen,
        basis: 'first-observed',
      });
      if (it) open.push(it);
    }
  }

  const remediation: RemediationStats[] = [];
  for (const exposure of EXPOSURES) {
    for (const cls of CLASSES) {
      const t = ttr.get(`${exposure}/${cls}`);
      const first = [...(t?.first ?? [])].sort((x, y) => x - y);
      const release = [...(t?.release ?? [])].sort((x, y) => x - y);
      const worst = a.exposureTimeframes.find((x) => x.exposure === exposure && x.cls === cls)?.worst?.hours;
      remediation.push({
        exposure,
        cls,
        deadlineHours: deadlineAtTarget(a, exposure, cls),
        count: first.length,
        withinDeadline: t?.within ?? 0,
        p50Hours: percentile(first, 50),
        p90Hours: percentile(first, 90),
        maxHours: first[first.length - 1],
        fromReleaseCount: release.length,
        fromReleaseP90Hours: percentile(release, 90),
        designedWorstHours: worst,
      });
    }
  }

  // Freshness, unknowns, rings and OS support, per instance.
  const staleScans: StaleScan[] = [];
  const unknown: InstanceIssue[] = [];
  const outsideRings: InstanceIssue[] = [];
  const unsupportedOs: InstanceIssue[] = [];
  for (const i of c.instances.values()) {
    const p = place(i);
    const where = { accountId: i.accountId, region: i.region, instanceId: i.instanceId };
    if (i.infoAt === undefined)
      unknown.push({
        ...where,
        detail:
          'no Systems Manager data (not a managed node, or its account and region do not sync): patch state unknown',
      });
    else if (i.patchScanAt === undefined)
      unknown.push({ ...where, detail: 'managed, but no patch scan in the data: patch state unknown' });
    // Either scanner meets the cadence (ISM-1701/1702 ask for "a vulnerability scanner"): the newer one counts.
    const max = scanLimit(p.exposure);
    const last = Math.max(i.patchScanAt ?? -Infinity, i.inspectorAt ?? -Infinity);
    if (max !== undefined && Number.isFinite(last) && (end - last) / HOUR > max) {
      const scanner = last === i.patchScanAt ? 'patch-manager' : 'inspector';
      staleScans.push({
        ...where,
        exposure: p.exposure,
        scanner,
        ageHours: (end - last) / HOUR,
        maxGapHours: max,
        exemptedBy: covering('vulnerability-scan', i)?.id,
      });
    }
    const tags = tagsOf(i);
    if (ringTag && tags && !rings.has(tags[ringTag] ?? '')) {
      outsideRings.push({
        ...where,
        detail:
          tags[ringTag] === undefined
            ? `no ${ringTag} tag: scanned but never patched`
            : `${ringTag}=${tags[ringTag]} is no ring of the profile: never patched`,
      });
    }
    if (i.platformName) {
      const os = lifecycleOs(i.platformName, i.platformVersion);
      if (!os)
        unsupportedOs.push({
          ...where,
          detail: `${osLabel(i)}: not in the OS lifecycle table, support not evidenced`,
          exemptedBy: covering('unsupported-os', i)?.id,
        });
      else if (supportPhase(osRelease(os), model.asOf) === 'unsupported')
        unsupportedOs.push({
          ...where,
          detail: `${osRelease(os).name}: vendor security support ended ${osRelease(os).securitySupportEnds}`,
          exemptedBy: covering('unsupported-os', i)?.id,
        });
    }
  }

  // Gaps: patching accounts and regions the stacks sync, with nothing in the data.
  const gaps: string[] = [];
  if (c.objects > 0) {
    for (const spec of model.stacks.filter((x) => x.concern === 'patching')) {
      for (const region of spec.regions)
        if (!c.syncedRegions.has(`${spec.account.id}/${region}`))
          gaps.push(`${spec.account.alias} (${spec.account.id}) ${region}`);
    }
  }

  const instanceOrder = (x: { accountId: string; region: string; instanceId: string }) =>
    `${x.accountId}/${x.region}/${x.instanceId}`;
  sortBy(open, (x) => `${EXPOSURES.indexOf(x.exposure)}/${x.os}/${instanceOrder(x)}/${x.source}/${x.id}`);
  for (const list of [unknown, outsideRings, unsupportedOs]) sortBy(list, instanceOrder);
  sortBy(staleScans, (x) => `${instanceOrder(x)}/${x.scanner}`);
  const breaches =
    open.filter((x) => x.late && !x.exemptedBy).length +
    staleScans.filter((x) => !x.exemptedBy).length +
    unsupportedOs.filter((x) => !x.exemptedBy && x.detail.includes('support ended')).length;
  return {
    asOf: model.asOf,
    edition: a.edition,
    targetMaturity: a.targetMaturity,
    periodDays: opts.periodDays,
    source: opts.source,
    objects: c.objects,
    records: c.records,
    instances: c.instances.size,
    open,
    remediation,
    staleScans,
    unknown,
    outsideRings,
    unsupportedOs,
    unknownAccounts: [...unknownAccounts].sort(),
    gaps,
    malformed: c.malformed,
    notEvidenced: [
      "AMI age against the pipelines' keepLatest window: the instance data carries the image ID but not its build date; compare with the factory's image list",
      'Inspector scan freshness for instances without findings: Inspector publishes events only when a finding changes, so a quiet instance shows no Inspector scan here',
    ],
    breaches,
  };
}
