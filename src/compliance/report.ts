// The evidence report: a Markdown document an assessor can read, organised as the evidence for "Distribute and
// Apply Patch Updates to Infrastructure Components", plus the one-month timeline SVG. Deterministic: the only date
// in it is the as-of date, every list is sorted or in profile order, and numbers have fixed decimals.
import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { basename, join, resolve } from 'path';
import type { OrgModel } from '../model';
import type { StatedRule as Rule } from '../model/patching';
import { expediteWindow, ringWindows, type WindowSettings } from '../model/windows';
import {
  assess,
  CLASS_NAMES,
  CLASSES,
  EXPOSURES,
  timeframeRequirements,
  type Assessment,
  type RequirementResult,
  type Status,
} from './assess';
import { describeLane, isLaneTimeframe } from './exploit-lane';
import { cell, hours, instant, limit, list } from './format';
import { goldenImageDelayBlocks } from './golden-image-delay-report';
import { patchManagerOs } from './os-lifecycle';
import { levelsLabel } from './requirements';
import { windowHours } from '../aws/patch-manager';
import { waveAssumption, waveBudget } from '../patching/rate-control';
import { parseDurationMinutes } from '../schedule';
import { ASSESSMENT_DAYS, type AccountTimeframe } from './timeframes';
import { timelineSvg } from './timeline-svg';
import { inspectorScanTypesIn, PROFILE_SCAN_TYPES } from '../aws/inspector-regions';

export const REPORT_FILE = 'patch-operating-systems.md';
export const TIMELINE_FILE = 'patch-timeline.svg';

const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n');

function statusText(r: RequirementResult, a: Assessment): string {
  const s: Record<Status, string> = {
    met: 'met',
    'met-by-exemption': 'met only by exemption',
    'not-met': '**not met**',
    'not-assessable': 'not assessable by this tool',
  };
  const byId = new Map(a.exemptions.map((e) => [e.exemption.id, e.exemption]));
  const partial = r.exemptions
    .filter((id) => !r.needed.includes(id))
    .map((id) => `${id} covers ${scopeText(byId.get(id)!.scope)}`);
  if (r.status === 'met' && partial.length) return `met; ${partial.join('; ')}`;
  if (r.status !== 'met-by-exemption') return s[r.status];
  const needed = `met only by exemption ${r.needed.map((id) => `${id} (controls: ${byId.get(id)!.compensatingControls.join('; ')})`).join(', ')}`;
  return partial.length ? `${needed}; ${partial.join('; ')}` : needed;
}

function breakdown(t: AccountTimeframe, zone: string): string {
  if (isLaneTimeframe(t)) return describeLane(t.lane);
  if (!t.delay || !t.wait || t.hours === Infinity) return `unbounded: ${t.reason ?? 'no window installs it'}`;
  const w = t.wait;
  const span = w.gapFrom && w.gapTo ? ` from ${instant(w.gapFrom, zone)} to ${instant(w.gapTo, zone)}` : '';
  return `approval ${hours(t.delay.hours)} (${t.delay.baseline}) + wait ${hours(w.gapHours)}${span} + ${w.installedBy} window ${hours(w.usableHours)}`;
}

function ruleFilters(r: Rule): string {
  const parts = (['classification', 'severity', 'priority', 'section', 'product'] as const)
    .filter((k) => r[k] !== undefined)
    .map((k) => `${k}: ${(r[k] as string[]).join(', ')}`);
  return parts.join('; ') || 'all patches';
}

const ruleApproval = (r: Rule) =>
  r.approveUntilDate !== undefined
    ? `released on or before ${r.approveUntilDate}`
    : r.approveAfterDays !== undefined
      ? `${r.approveAfterDays} days after release`
      : 'at once (no release-date delay)';

const HARDENING = /stig|cis|harden/i;

const scopeText = (s: { account?: string; pipeline?: string; tags?: Record<string, string> }) =>
  [
    s.account ? `account ${s.account}` : '',
    s.pipeline ? `pipeline ${s.pipeline}` : '',
    s.tags
      ? `instances tagged ${Object.keys(s.tags)
          .sort()
          .map((k) => `${k}=${s.tags![k]}`)
          .join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(', ');

class ReportWriter {
  private readonly out: string[] = [];
  /** The zone windows are shown in: the rings' zone when they share one, else UTC. */
  readonly zone: string;

  constructor(
    private readonly model: OrgModel,
    private readonly a: Assessment,
    private readonly profileText: string,
  ) {
    const zones = new Set(Object.values(model.patching?.rings ?? {}).map((r) => r.timezone));
    this.zone = zones.size === 1 ? [...zones][0] : 'UTC';
  }

  /** Appends blocks (paragraphs, tables, lists), each followed by a blank line. */
  private p(...blocks: string[]): void {
    for (const b of blocks) this.out.push(b, '');
  }

  render(): string {
    this.header();
    this.summary();
    this.images();
    this.scanning();
    this.patching();
    this.coverage();
    this.exemptionRegister();
    this.maturity();
    this.method();
    return this.out.join('\n').replace(/\n+$/, '\n');
  }

  private header(): void {
    const m = this.model,
      a = this.a;
    const sha = createHash('sha256').update(this.profileText).digest('hex');
    this.p(
      '# Patch operating systems: Essential Eight evidence',
      `Organization \`${m.orgId}\` · profile \`${basename(m.file)}\` (sha256 \`${sha}\`) · assessed as of **${a.asOf}** · Essential Eight Maturity Model ${a.edition} · target maturity level ${a.targetMaturity}${a.enforce ? ' (enforced at synthesis)' : ''}`,
      'Evidence for *Distribute and Apply Patch Updates to Infrastructure Components*, computed by Patchline from the same profile that deploys the estate: standardized image creation, image and runtime scanning, patching, coverage, exemptions and the maturity assessment.',
    );
  }

  private summary(): void {
    const a = this.a;
    const target = a.achieved >= a.targetMaturity;
    this.p(
      '## Summary',
      `**Maturity level reached: ${a.achieved ? `ML${a.achieved}` : 'none'}** (target ML${a.targetMaturity}: ${target ? 'met' : '**not met**'}).`,
    );
    const lines = a.levels.map((l) => {
      if (l.met) return `- ML${l.level}: met.`;
      const unmet = l.blockers.filter((b) => b.status === 'not-met');
      const na = l.blockers.filter((b) => b.status === 'not-assessable');
      const parts = [
        ...unmet.map((b) => `${b.label} not met (${b.summary})`),
        ...(na.length
          ? [
              `${na.map((b) => b.label).join(', ')} cannot be assessed by this tool (drivers and firmware), so ML${l.level} is not claimed for them`,
            ]
          : []),
      ];
      return `- ML${l.level}: **not met**: ${parts.join('; ')}.`;
    });
    this.p(lines.join('\n'));
    const rows = EXPOSURES.flatMap((exposure) =>
      CLASSES.map((cls) => {
        const t = a.exposureTimeframes.find((x) => x.exposure === exposure && x.cls === cls)!;
        const reqs = timeframeRequirements(a, exposure, cls);
        const verdicts = reqs.map(
          ({ r, max }) =>
            `${r.label} (${levelsLabel(r.requirement.levels)}) ≤ ${limit(max)}: ${t.worst ? (t.worst.hours <= max ? 'within' : '**exceeded**') : 'n/a'}`,
        );
        const via = t.worst?.windows
          ? t.worst.windows
              .map((w) =>
                w === 'expedite'
                  ? 'nightly expedite lane'
                  : w === 'exploit-lane'
                    ? 'exploit lane (Inspector finding)'
                    : `ring ${w}`,
              )
              .join(' + ')
          : '–';
        return [
          exposure,
          CLASS_NAMES[cls],
          t.worst ? hours(t.worst.hours) : 'no accounts',
          t.worst ? t.worst.account.alias : '–',
          t.worst?.os?.os ?? '–',
          via,
          list(verdicts),
        ];
      }),
    );
    this.p(
      "Worst-case time from a patch's release to its installation, over the year from the as-of date:",
      table(
        ['Exposure', 'Patches', 'Worst case', 'Slowest account', 'Slowest OS', 'Installed by', 'Requirements'],
        rows,
      ),
    );
    const e = a.exemptions;
    if (e.length)
      this.p(
        `Exemptions: ${e.map((x) => `${x.exemption.id} (${x.state}, review due ${x.reviewDue}, expires ${x.exemption.expires})`).join('; ')}.`,
      );
  }

  private images(): void {
    const f = this.model.imageFactory;
    this.p('## Standardized image creation');
    if (!f) return this.p('The profile has no image factory: no golden images are built.');
    this.p(
      `Image pipelines run in \`${f.accountAlias}\` (build region ${f.buildRegion}). Each build starts from the vendor's current parent image, applies the components in order (update, hardening, organization baseline), runs the tests on an instance launched from the new image, scans it, and distributes it.`,
    );
    const rows = f.pipelines.map((p) => {
      const name = p.key;
      const os = this.a.os.find((o) => o.pipeline === name)!;
      const comps = p.stated.components;
      const hardening = comps.filter((c) => HARDENING.test(c));
      const parent = p.parentSource.ssm ?? p.parentSource.name ?? p.parentSource.ami ?? '';
      const sharing = p.stated.sharing;
      const r = p.retention;
      const retention = [
        `keep ${r.keepLatest} newest`,
        r.deprecateAfterDays !== undefined ? `deprecate after ${r.deprecateAfterDays} d` : '',
        r.deleteAfterDays !== undefined
          ? `delete after ${r.deleteAfterDays} d${r.deleteDefaulted ? ' (default: twice the deprecation age)' : ''}`
          : r.deprecateAfterDays === undefined
            ? 'delete the rest'
            : '**never deleted**',
        `never delete an AMI launched within ${r.keepLaunchedWithinDays} d`,
        'images of superseded recipe versions: not retired automatically (manual step in the README)',
      ].filter(Boolean);
      return [
        name,
        `${os.release.name} (${p.stated.architecture})`,
        parent,
        list(comps),
        list(hardening),
        list(p.stated.tests),
        `${p.schedule.cron} ${p.schedule.timezone}${p.schedule.onlyWhenUpdatesAvailable ? ', when updates are available' : ', every run'}`,
        p.scanning ? 'Inspector' : 'off',
        `${p.stated.regions.join(', ')}; ${list(sharing)}`,
        `${p.parameter ? `latest AMI in \`${p.parameter}\`; ` : ''}${retention.join(', ')}`,
      ];
    });
    this.p(
      table(
        [
          'Pipeline',
          'OS',
          'Parent image',
          'Components',
          'Hardening',
          'Tests',
          'Build schedule',
          'Image scan',
          'Distribution',
          'Versioning',
        ],
        rows,
      ),
    );
    const lifecycle = this.a.os.map((o) => [
      o.pipeline,
      o.release.name,
      o.release.released,
      o.release.standardSupportEnds,
      o.release.securitySupportEnds,
      o.phase,
      o.age === 0 ? 'latest' : o.age === 1 ? 'previous' : `older (latest: ${o.latest.name})`,
    ]);
    this.p(
      `Operating system lifecycle on ${this.a.asOf} (table kept in the project, src/compliance/os-lifecycle.ts):`,
      table(
        [
          'Pipeline',
          'Release',
          'Released',
          'Standard support ends',
          'Security support ends',
          'Phase',
          'Release currency',
        ],
        lifecycle,
      ),
    );
    this.p(...goldenImageDelayBlocks(this.model));
    const built = new Set(f.pipelines.map((p) => patchManagerOs(p.os)));
    const baselines = this.model.patching?.baselineRules ?? {};
    const unbuilt = Object.keys(baselines)
      .sort()
      .filter((b) => !built.has(baselines[b].os));
    if (unbuilt.length)
      this.p(
        `OS support and currency (ISM-1501, ISM-1407) are assessed for the images these pipelines build. The profile also patches instances no pipeline builds (baselines ${unbuilt.join(', ')}): their operating system releases are not evidenced here.`,
      );
  }

  private scanning(): void {
    const m = this.model;
    this.p('## Image and runtime scanning');
    const i = m.inspector;
    this.p(
      i
        ? `Amazon Inspector is administered for the organization by \`${i.admin.alias}\` in ${m.regions.join(', ')}, auto-enabled for every member account, in the regions it declares, for: ${i.scanTypes.join(', ')}${inspectorGaps(m.regions, i.scanTypes)}. ${i.ec2 ? 'EC2 scanning is continuous: instances are rescanned when software changes or a new vulnerability is published, agentless instances at least every 24 hours, against a vulnerability database AWS keeps current.' : 'EC2 scanning is not enabled.'}`
        : 'The profile configures no Amazon Inspector: there is no vulnerability scanner with a vulnerability database.',
    );
    const piped = m.imageFactory?.pipelines ?? [];
    if (piped.length)
      this.p(`Image scanning at build: ${piped.map((pl) => `${pl.key} ${pl.scanning ? 'on' : 'off'}`).join(', ')}.`);
    const p = { patching: m.patching, imageFactory: m.imageFactory };
    if (p.patching) {
      const s = this.a.scans.find((x) => x.patchScanHours !== undefined);
      const inventory =
        p.patching.inventory === 'existing'
          ? "leaves software inventory to the organization's existing inventory association (patching.inventory: existing; not evidenced here)"
          : `gathers software inventory for asset discovery at \`${p.patching.scan.inventorySchedule}\` (AWS-GatherSoftwareInventory; longest gap ${s ? hours(s.inventoryHours!) : 'n/a'})`;
      const factory =
        p.imageFactory &&
        this.a.scans.some((x) => x.account.id === p.imageFactory!.accountId && x.patchScanHours !== undefined)
          ? ` In \`${p.imageFactory.accountAlias}\`'s build region ${p.imageFactory.buildRegion} they select only instances carrying the \`${p.patching.ringTag}\` tag key, so Image Builder's build instances are left alone.`
          : '';
      this.p(
        `Patch Manager scans every managed instance in the patching targets at \`${p.patching.scan.schedule}\` (AWS-RunPatchBaseline, Operation=Scan; longest gap ${s ? hours(s.patchScanHours!) : 'n/a'}) and ${inventory}, reported to Patch Manager compliance.${factory}`,
      );
    }
    const rows = this.a.scans.map((s) => [
      s.account.alias,
      s.account.exposure,
      s.inspector ? 'continuous' : '–',
      s.patchScanHours !== undefined ? hours(s.patchScanHours) : '–',
      s.inventoryHours !== undefined ? hours(s.inventoryHours) : '–',
      hours(s.scanHours),
      hours(s.discoveryHours),
    ]);
    this.p(
      'Longest time between scans per account (accounts in scope):',
      table(
        [
          'Account',
          'Exposure',
          'Inspector EC2',
          'Patch scan',
          'Inventory',
          'Scanned at least every',
          'Discovered at least every',
        ],
        rows,
      ),
    );
  }

  private patching(): void {
    const p = this.model.patching;
    this.p('## Patching');
    if (!p) return this.p('The profile has no patching section: no baselines or maintenance windows are deployed.');
    this.p(
      `Instances join a ring with the tag \`${p.ringTag}\`; instances without it are scanned but never patched by a window.`,
    );
    this.p(
      '### Patch baselines',
      'Each baseline is registered as the default baseline for its operating system in every target account and region.',
    );
    for (const name of Object.keys(p.baselineRules).sort()) {
      const b = p.baselineRules[name];
      const rows = b.rules.map((r, i) => [
        String(i + 1),
        ruleFilters(r),
        ruleApproval(r),
        r.complianceLevel,
        r.expedite ? 'yes' : 'no',
      ]);
      const extra = [
        b.approvedPatches?.length ? `approved: ${b.approvedPatches.join(', ')}` : '',
        b.rejectedPatches?.length
          ? `rejected: ${b.rejectedPatches.join(', ')} (${b.rejectedPatchesAction ?? 'ALLOW_AS_DEPENDENCY'})`
          : '',
      ].filter(Boolean);
      this.p(
        `**${name}** (${b.os})${extra.length ? `: ${extra.join('; ')}` : ''}`,
        table(['Rule', 'Filters', 'Approved', 'Compliance level', 'Expedite'], rows),
      );
    }
    const delays = this.a.engine;
    const names = [...new Set(CLASSES.flatMap((c) => delays.approvalDelays(c).map((d) => d.baseline)))];
    const delayRows = names.map((n) => {
      const [e, o] = CLASSES.map((c) => delays.approvalDelays(c).find((d) => d.baseline === n)!);
      return [
        n,
        e.os,
        `${hours(e.hours)}${e.lane ? ' (expedite lane)' : ''}`,
        hours(o.hours),
        list([...new Set([e.note, o.note].filter((x): x is string => !!x))]),
      ];
    });
    this.p(
      'Approval delay per patch class (the slowest rule of the class):',
      table(['Baseline', 'OS', 'Critical or exploited', 'Other', 'Note'], delayRows),
    );

    this.p('### Rings and the expedite lane');
    const windowRow = (name: string, w: WindowSettings & { readonly expectedRunTime?: string }, applies: string) => [
      name,
      w.schedule,
      w.timezone,
      w.offsetDays ? `${w.offsetDays} d` : '–',
      w.duration,
      w.cutoff,
      w.maxConcurrency,
      w.maxErrors,
      w.reboot,
      applies,
      waves(w),
    ];
    const waves = (w: { duration: string; cutoff: string; maxConcurrency: string; expectedRunTime?: string }) => {
      const h = windowHours(parseDurationMinutes(w.duration)!, parseDurationMinutes(w.cutoff)!);
      return waveAssumption(
        waveBudget(w.maxConcurrency, (h.duration - h.cutoff) * 60),
        w.expectedRunTime === undefined ? undefined : parseDurationMinutes(w.expectedRunTime)!,
      );
    };
    const rows = Object.keys(p.rings)
      .sort()
      .map((n) => windowRow(n, p.rings[n], 'instances tagged with the ring'));
    if (p.expedite)
      rows.push(
        windowRow(
          'expedite',
          p.expedite,
          `every ring, in ${p.expedite.exposures.join(', ')} accounts; installs only what expedite rules approve`,
        ),
      );
    this.p(
      table(
        [
          'Window',
          'Schedule',
          'Time zone',
          'Offset',
          'Duration',
          'Cutoff',
          'Concurrency',
          'Errors',
          'Reboot',
          'Applies to',
          'Rate control (stated assumption)',
        ],
        rows,
      ),
    );
    this.p(
      'Rate control: a window patches its targets in waves of `maxConcurrency`, and no task starts after the cutoff, so the worst cases below hold only if every wave fits in the usable time (duration − cutoff). The last column gives the longest one instance\'s patch run may take for that; `expectedRunTime` in the profile makes a ring that cannot finish in one window a validation error. Run Command also ramps up (one instance, then two, doubling up to `maxConcurrency`; AWS Systems Manager User Guide, "Using concurrency controls"), which adds waves the figures do not count. Windows that can patch the same instance (the expedite lane and a ring) never overlap: validation refuses it.',
    );
    const byAlias = [...p.ringOverrides].map(([id, rings]) => [this.model.accountById(id).alias, rings] as const);
    const overrides = byAlias
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .flatMap(([acct, rings]) =>
        Object.keys(rings)
          .sort()
          .map((ring) => {
            const o = rings[ring] as Record<string, unknown>;
            return [
              acct,
              ring,
              Object.keys(o)
                .sort()
                .map((k) => `${k}: ${String(o[k])}`)
                .join('; '),
              waves({ ...p.rings[ring], ...rings[ring] }),
            ];
          }),
      );

    if (overrides.length)
      this.p(
        'Per-account overrides:',
        table(['Account', 'Ring', 'Changes', 'Rate control (stated assumption)'], overrides),
      );

    this.p(
      '### Worst-case time to patch',
      `Worst case = approval delay + longest wait between consecutive starts of the windows that install the patch + that window's usable time (duration − cutoff). Window starts come from the real schedules in their time zones over the ${ASSESSMENT_DAYS} days from ${this.a.asOf}, daylight-saving changes included. Times below are in ${this.zone}.`,
    );
    const rowsTf = this.a.accountTimeframes.map((t) => [
      t.account.alias,
      t.account.exposure,
      CLASS_NAMES[t.cls],
      `${hours(t.hours)}${t.os ? ` (${t.os.os})` : ''}`,
      t.windows
        ? t.windows
            .map((w) => (w === 'expedite' ? 'expedite lane' : w === 'exploit-lane' ? 'exploit lane' : `ring ${w}`))
            .join(' + ')
        : '–',
      breakdown(t, this.zone),
    ]);
    this.p(table(['Account', 'Exposure', 'Patches', 'Worst case', 'Windows (slowest ring)', 'Breakdown'], rowsTf));
    this.perOs();
    this.p(`![One month of maintenance windows and the worst-case patch paths](${TIMELINE_FILE})`);
  }

  /** Exposure × OS: the slowest account per operating system, and which OS sets each exposure's worst case and why. */
  private perOs(): void {
    const a = this.a;
    this.p(
      '#### Per operating system',
      "Each operating system the profile puts in an account (the baselines in force there, the images a pipeline builds in, shares with or copies to it) is assessed on its own; an exposure is as slow as its slowest OS. **Slowest** marks the OS that sets the exposure's worst case.",
    );
    const rows = a.exposureOsTimeframes.map((e) => {
      const t = e.worst!;
      const overall = a.exposureTimeframes.find((x) => x.exposure === e.exposure && x.cls === e.cls)?.worst;
      const slowest = !!overall && overall.hours === t.hours;
      const noLane = t.delay?.lane && !t.windows?.includes('expedite') ? 'no expedite lane in this exposure' : '';
      const why = [t.delay?.note ?? t.reason, noLane, t.os ? t.os.sources.join(', ') : ''].filter(Boolean).join('; ');
      return [
        e.exposure,
        e.os!,
        CLASS_NAMES[e.cls],
        `${hours(t.hours)}${slowest ? ' **slowest**' : ''}`,
        t.account.alias,
        breakdown(t, this.zone),
        why || '–',
      ];
    });
    this.p(
      rows.length
        ? table(['Exposure', 'OS', 'Patches', 'Worst case', 'Slowest account', 'Breakdown', 'Why'], rows)
        : 'No operating systems in scope.',
    );
  }

  private coverage(): void {
    const m = this.model,
      a = this.a;
    this.p(
      '## Coverage',
      `Accounts × regions. P = patch baselines, ring windows, scans and inventory; E = expedite lane; I = Amazon Inspector EC2 scanning. ${a.outOfScope.length ? `Out of scope: ${a.outOfScope.map((x) => x.alias).join(', ')} (internal accounts outside patching.targets are taken to run no servers; declare an exposure or target them if they do).` : ''}`,
    );
    const inspector = m.inspector?.ec2 ?? false;

    const rows = m.accounts.map((acct) => {
      const target = a.engine.isTarget(acct);
      const lane = target && !!expediteWindow(m, acct);
      const rings = target ? ringWindows(m, acct).map((w) => w.name) : [];
      const cells = m.regions.map((r) =>
        acct.regions.includes(r)
          ? [target ? 'P' : '', lane ? 'E' : '', inspector ? 'I' : ''].filter(Boolean).join(' ') || '–'
          : '',
      );
      return [acct.alias, acct.id, acct.exposure, a.inScope.includes(acct) ? 'yes' : 'no', list(rings), ...cells];
    });
    this.p(table(['Account', 'ID', 'Exposure', 'In scope', 'Rings', ...m.regions], rows));
  }

  private exemptionRegister(): void {
    const a = this.a;
    this.p('## Exemptions register');
    if (!a.exemptions.length) return this.p('No exemptions.');
    const rows = a.exemptions.map(({ exemption: e, state, reviewDue }) => [
      e.id,
      e.title,
      e.category,
      scopeText(e.scope),
      e.waives.join(', '),
      e.risk,
      e.approvedBy ?? '–',
      e.approvedOn,
      e.expires,
      reviewDue,
      state,
    ]);
    this.p(
      table(
        [
          'ID',
          'Title',
          'Category',
          'Scope',
          'Waives',
          'Risk',
          'Approved by',
          'Approved on',
          'Expires',
          'Review due',
          'Status',
        ],
        rows,
      ),
    );
    for (const { exemption: e } of a.exemptions) {
      const applied = a.requirements.filter((r) => r.exemptions.includes(e.id)).map((r) => r.label);
      this.p(
        `**${e.id}**: ${e.justification.trim()}`,
        `- Compensating controls: ${e.compensatingControls.join('; ')}.\n- Applied to: ${list(applied)}.`,
      );
    }
  }

  private maturity(): void {
    const a = this.a;
    this.p('## Maturity assessment');
    const rows = a.requirements.map((r) => [
      r.label,
      levelsLabel(r.requirement.levels),
      r.requirement.text,
      statusText(r, a),
      r.summary,
    ]);
    this.p(table(['Control', 'Levels', 'Requirement', 'Status', 'Evidence'], rows));
    const na = a.requirements.filter((r) => r.status === 'not-assessable');
    if (na.length)
      this.p(
        `Not assessable by this tool: ${na.map((r) => r.label).join(', ')}. Drivers and firmware are patched and scanned outside the operating system baselines this profile deploys; this report does not claim them, so it cannot claim the maturity levels they belong to. Evidence for them must come from elsewhere.`,
      );
    const detailed = a.requirements.filter((r) => r.findings.length);
    this.p('### Findings per requirement');
    for (const r of detailed) {
      const lines = r.findings.map(
        (f) => `- ${f.subject}: ${f.ok ? 'ok' : f.exemptedBy ? `waived by ${f.exemptedBy}` : '**fails**'}: ${f.detail}`,
      );
      const byId = new Map(a.exemptions.map((e) => [e.exemption.id, e.exemption]));
      for (const id of r.exemptions)
        lines.push(
          r.needed.includes(id)
            ? `- exemption ${id} waives ${r.requirement.waivedBy} for ${scopeText(byId.get(id)!.scope)}: needed, the requirement fails without it`
            : `- exemption ${id} covers ${scopeText(byId.get(id)!.scope)} (${r.requirement.waivedBy}); not needed, met without it`,
        );
      this.p(`**${r.label}** (${r.status.replace(/-/g, ' ')})`, lines.join('\n'));
    }
  }

  private method(): void {
    this.p(
      '## Method and assumptions',
      [
        '- Patch classes: *critical or exploited* patches are those approved by rules marked `expedite`; the rules are assumed to select what vendors rate critical. *Other* patches are those the remaining rules approve. Ubuntu and Debian are the exception: there a rule approves only updates from the release\'s security pocket (e.g. `noble-security`, unless `enableNonSecurity`), and its PRIORITY and SECTION filters say which packages (how essential they are), never how severe the fix is. Patch Manager cannot select security updates by severity there, so any security update may be the critical one: both classes take the path of the slowest rule, and the expedite lane counts only when the expedite rules select every priority in every section (AWS Systems Manager User Guide, "How patch baseline rules work on Ubuntu Server").',
        '- Operating systems: each account is assessed per OS it runs (the baselines in force there, the images pipelines build in, share with or copy to it); an OS without a profile baseline gets the AWS predefined one.',
        '- Approval delay: `approveAfterDays` N counts N × 24 h. Ubuntu and Debian have none. `approveUntilDate` approves only patches released by a fixed date, so it bounds nothing and fails. A baseline without expedite rules sends critical patches through its slowest rule and the rings only. An OS a pipeline builds without a baseline in the profile gets the AWS predefined default baseline (7 days for Critical and Important security updates, nothing else; Ubuntu: everything at once).',
        '- Windows: an instance is in one ring, so each ring is assessed on its own (never unioned with other rings); the expedite lane adds its starts for critical patches in the exposures it covers. Worst wait = max over consecutive starts of (gap + usable time of the window that ends it); a patch approved just after a start misses that window.',
        `- Period: ${ASSESSMENT_DAYS} days from the as-of date (00:00 UTC), plus the first start after it. Local times that do not exist (spring forward) run at the next valid time; ambiguous ones (fall back) at the first.`,
        '- One month is 30 days (720 h); two weeks 336 h; daily 24 h.',
        '- Scanning: Amazon Inspector EC2 scanning counts as at least daily (continuous, agentless at least every 24 h); the Patch Manager scan and inventory associations are read from their schedules in UTC.',
        "- OS support ends on the vendor's last day of security updates included with the product; paid extensions (Ubuntu Pro ESM, RHEL ELS) are not counted. Ubuntu currency counts LTS releases only.",
        '- Exemptions: only active ones apply (approved on or before the as-of date, not expired, review not overdue). One that covers a whole account or pipeline waives it; one narrowed by tags leaves the rest of the account to meet the requirement. A requirement that would fail without an exemption reads "met only by exemption"; one met anyway reads "met" and names the exemptions that cover part of its scope.',
      ].join('\n'),
    );
  }
}

export interface Evidence {
  readonly assessment: Assessment;
  readonly markdown: string;
  readonly svg: string;
}

/** The report and timeline for the model, as text. */
export function renderEvidence(model: OrgModel, assessment: Assessment = assess(model)): Evidence {
  const text = readFileSync(model.file, 'utf8');
  const w = new ReportWriter(model, assessment, text);
  const markdown = w.render();
  return { assessment, markdown, svg: timelineSvg(model, assessment, w.zone) };
}

/** Writes the evidence files into `dir` (each replaced atomically); returns their paths. */
export function writeEvidence(model: OrgModel, dir: string): { files: string[]; assessment: Assessment } {
  const e = renderEvidence(model);
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const [name, content] of [
    [REPORT_FILE, e.markdown],
    [TIMELINE_FILE, e.svg],
  ] as const) {
    const path = join(out, name);
    writeFileSync(`${path}.tmp-${process.pid}`, content);
    renameSync(`${path}.tmp-${process.pid}`, path);
    files.push(path);
  }
  return { files, assessment: e.assessment };
}

/** " (not lambda-code in ap-southeast-4: Inspector does not offer it there)", or "" when every type runs everywhere. */
function inspectorGaps(regions: readonly string[], types: readonly (keyof typeof PROFILE_SCAN_TYPES)[]): string {
  const gaps = types.flatMap((t) => {
    const where = regions.filter((r) => {
      const offered = inspectorScanTypesIn(r);
      return offered !== undefined && !offered.includes(PROFILE_SCAN_TYPES[t]);
    });
    return where.length ? [`${t} in ${where.join(', ')}`] : [];
  });
  return gaps.length ? ` (not ${gaps.join('; ')}: Inspector does not offer it there)` : '';
}
