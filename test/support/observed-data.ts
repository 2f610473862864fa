// Evidence data in the exact layout the evidence stack produces: resource data sync objects (JsonSerDe, one
// JSON record per line) below ssm/<type>/accountid=/region=/resourcetype=/, and Firehose objects of Inspector
// finding events (GZIP, one event per line) below inspector/YYYY/MM/DD/. Record builders for hand-made fixtures,
// and a seeded generator of a realistic organization's worth.
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { gzipSync } from 'zlib';
import { findingsKey, ssmKey } from '../../src/evidence/observed/layout';
import type { OrgModel } from '../../src/model';
import { layoutStacks } from '../../src/model/layout';

const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export type Files = Map<string, Buffer>;

const lines = (records: readonly object[]) => Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');

export interface InstanceSpec {
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  readonly platformName: string;
  readonly platformVersion: string;
  readonly platformType?: 'Linux' | 'Windows';
  readonly captureTime: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** PatchSummary OperationEndTime (last Scan or Install). */
  readonly lastScan?: number;
  readonly patches?: readonly {
    Id: string;
    Title?: string;
    Severity: string;
    PatchSeverity?: string;
    Classification?: string;
    PatchState: string;
  }[];
}

/** The sync objects of one managed instance. */
export function addInstance(files: Files, s: InstanceSpec): void {
  const base = { resourceId: s.instanceId, captureTime: iso(s.captureTime) };
  const key = (type: string) => ssmKey(type, s.accountId, s.region, s.instanceId);
  files.set(
    key('AWS:InstanceInformation'),
    lines([
      {
        AgentType: 'amazon-ssm-agent',
        AgentVersion: '3.3.1142.0',
        ComputerName: `ip-10-0-0-1.${s.region}.compute.internal`,
        InstanceId: s.instanceId,
        InstanceStatus: 'Active',
        IpAddress: '10.0.0.1',
        PlatformName: s.platformName,
        PlatformType: s.platformType ?? (s.platformName.includes('Windows') ? 'Windows' : 'Linux'),
        PlatformVersion: s.platformVersion,
        ResourceType: 'EC2Instance',
        ...base,
        schemaVersion: '1.0',
      },
    ]),
  );
  if (s.tags)
    files.set(
      key('AWS:Tag'),
      lines(Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value, ...base, schemaVersion: '1.0' }))),
    );
  const lastScan = s.lastScan;
  if (lastScan !== undefined) {
    const patches = s.patches ?? [];
    files.set(
      key('AWS:PatchSummary'),
      lines([
        {
          PatchGroup: '',
          BaselineId: 'pb-0123456789abcdef0',
          SnapshotId: '',
          OwnerInformation: '',
          OperationType: 'Scan',
          RebootOption: 'NoReboot',
          InstalledCount: String(patches.filter((p) => p.PatchState === 'Installed').length),
          MissingCount: String(patches.filter((p) => p.PatchState === 'Missing').length),
          FailedCount: String(patches.filter((p) => p.PatchState === 'Failed').length),
          OperationStartTime: iso(lastScan - 5 * 60_000),
          OperationEndTime: iso(lastScan),
          ...base,
          schemaVersion: '1.0',
        },
      ]),
    );
    if (patches.length)
      files.set(
        key('AWS:ComplianceItem'),
        lines(
          patches.map((p) => ({
            ComplianceType: 'Patch',
            ExecutionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
            ExecutionType: 'Command',
            ExecutionTime: iso(lastScan),
            Id: p.Id,
            Title: p.Title ?? p.Id,
            Status: p.PatchState === 'Installed' ? 'COMPLIANT' : 'NON_COMPLIANT',
            Severity: p.Severity,
            DocumentName: 'AWS-RunPatchBaseline',
            DocumentVersion: '1',
            Classification: p.Classification ?? 'Security',
            PatchBaselineId: 'pb-0123456789abcdef0',
            PatchGroup: '',
            PatchSeverity: p.PatchSeverity ?? '',
            PatchState: p.PatchState,
            InstalledTime: p.PatchState === 'Installed' ? iso(lastScan - 48 * HOUR) : '',
            ...base,
            schemaVersion: '1.0',
          })),
        ),
      );
  }
}

export interface FindingSpec {
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  readonly id: string;
  readonly cve: string;
  readonly status: 'ACTIVE' | 'CLOSED' | 'SUPPRESSED';
  readonly severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  readonly exploitAvailable?: boolean;
  readonly firstObservedAt: number;
  readonly updatedAt: number;
  readonly vendorCreatedAt?: number;
  readonly platform?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Write times as Inspector's console-style examples do ("Nov 24, 2026, 03:00:00.000"). */
  readonly consoleTimes?: boolean;
}

const consoleTime = (t: number) => {
  const d = new Date(t);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${mon} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${d.toISOString().slice(11, 23)}`;
};

/** An "Inspector2 Finding" EventBridge event, as in the Inspector User Guide's example. */
export function findingEvent(f: FindingSpec): object {
  const t = f.consoleTimes ? consoleTime : iso;
  return {
    version: '0',
    id: `event-${f.id}-${f.updatedAt}`,
    'detail-type': 'Inspector2 Finding',
    source: 'aws.inspector2',
    account: f.accountId,
    time: iso(f.updatedAt),
    region: f.region,
    resources: [f.instanceId],
    detail: {
      awsAccountId: f.accountId,
      description: `${f.cve} in a package`,
      exploitAvailable: f.exploitAvailable ? 'YES' : 'NO',
      findingArn: `arn:aws:inspector2:${f.region}:${f.accountId}:finding/${f.id}`,
      firstObservedAt: t(f.firstObservedAt),
      fixAvailable: 'YES',
      inspectorScore: f.severity === 'CRITICAL' ? 9.8 : 7.5,
      lastObservedAt: t(f.updatedAt),
      packageVulnerabilityDetails: {
        source: 'NVD',
        vulnerabilityId: f.cve,
        vendorSeverity: f.severity,
        ...(f.vendorCreatedAt !== undefined ? { vendorCreatedAt: t(f.vendorCreatedAt) } : {}),
        vulnerablePackages: [{ name: 'openssl', version: '3.0.8' }],
      },
      remediation: { recommendation: { text: 'None Provided' } },
      resources: [
        {
          details: {
            awsEc2Instance: {
              imageId: 'ami-0123456789abcdef0',
              platform: f.platform ?? 'AMAZON_LINUX_2023',
              type: 't3.medium',
              launchedAt: iso(f.firstObservedAt - 24 * HOUR),
            },
          },
          id: f.instanceId,
          partition: 'aws',
          region: f.region,
          tags: f.tags ?? {},
          type: 'AWS_EC2_INSTANCE',
        },
      ],
      severity: f.severity,
      status: f.status,
      title: `${f.cve} - openssl`,
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: t(f.updatedAt),
    },
  };
}

/** Firehose objects: events grouped by delivery day, GZIP, newline-delimited. */
export function addFindingEvents(
  files: Files,
  events: readonly { at: number; event: object }[],
  perObject = 500,
): void {
  const byDay = new Map<string, { at: number; event: object }[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const day = iso(e.at).slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  let n = 0;
  for (const day of [...byDay.keys()].sort()) {
    const es = byDay.get(day)!;
    for (let i = 0; i < es.length; i += perObject) {
      const chunk = es.slice(i, i + perObject);
      files.set(findingsKey(new Date(chunk[0].at), n++), gzipSync(lines(chunk.map((c) => c.event))));
    }
  }
}

export function writeFiles(dir: string, files: Files): void {
  for (const [key, body] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = join(dir, key);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, body);
  }
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = [
  { name: 'Amazon Linux', version: '2023', inspector: 'AMAZON_LINUX_2023' },
  { name: 'Amazon Linux', version: '2', inspector: 'AMAZON_LINUX_2' },
  { name: 'Ubuntu', version: '22.04', inspector: 'UBUNTU_22_04' },
  { name: 'Ubuntu', version: '20.04', inspector: 'UBUNTU_20_04' },
  { name: 'Microsoft Windows Server 2022 Datacenter', version: '10.0.20348', inspector: 'WINDOWS_SERVER_2022' },
  { name: 'Red Hat Enterprise Linux', version: '9.4', inspector: 'RHEL_9' },
];

export interface GenerateOptions {
  readonly seed: number;
  readonly instances: number;
  readonly days: number;
}

export interface Generated {
  readonly files: Files;
  readonly instances: number;
  readonly findingEvents: number;
}

/**
 * A seeded organization: instances spread over the profile's patching accounts and regions (one account-region
 * left without a sync, as a gap), ~2 % Inspector-only (unknown), ~5 % untagged, ~3 % stale scans, findings
 * opening over the period with a quarter closing (most in time, some late), missing patches, and two malformed
 * objects.
 */
export function generateOrganization(model: OrgModel, o: GenerateOptions): Generated {
  const rand = rng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const end = Date.parse(`${model.asOf}T00:00:00Z`) + 24 * HOUR;
  const start = end - o.days * 24 * HOUR;
  const places = layoutStacks(model)
    .filter((s) => s.concern === 'patching')
    .flatMap((s) => s.regions.map((region) => ({ accountId: s.account.id, region })));
  const gap = places.pop(); // one account and region whose sync never ran
  const rings = model.patching?.ringNames ?? ['default'];
  const ringTag = model.patching?.ringTag ?? 'patch-ring';
  const files: Files = new Map();
  const events: { at: number; event: object }[] = [];
  let findingN = 0;
  for (let k = 0; k < o.instances; k++) {
    const place = pick(places);
    const instanceId = `i-${(0x10000000000 + k).toString(16).padStart(17, '0')}`;
    const platform = pick(PLATFORMS);
    const tags: Record<string, string> = { Name: `app-${k}` };
    if (rand() > 0.05) tags[ringTag] = pick(rings);
    const inspectorOnly = rand() < 0.02;
    const scanAge = rand() < 0.03 ? (16 + rand() * 20) * 24 * HOUR : rand() * 20 * HOUR;
    const lastScan = end - scanAge;
    const patches = [
      { Id: `PATCH-${k}-1`, Severity: 'MEDIUM', PatchState: 'Installed' },
      ...(rand() < 0.3
        ? [
            {
              Id: `PATCH-${k}-2`,
              Severity: rand() < 0.3 ? 'CRITICAL' : 'MEDIUM',
              PatchSeverity: 'Important',
              PatchState: 'Missing',
            },
          ]
        : []),
    ];
    if (!inspectorOnly)
      addInstance(files, {
        ...place,
        instanceId,
        platformName: platform.name,
        platformVersion: platform.version,
        captureTime: lastScan,
        tags,
        lastScan,
        patches,
      });
    // Findings: about one per instance per 30 days.
    const count = Math.floor(rand() * (o.days / 15));
    for (let f = 0; f < count; f++) {
      const first = start + rand() * (end - start);
      const release = first - rand() * 10 * 24 * HOUR;
      const severity = pick(['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW'] as const);
      const spec = {
        ...place,
        instanceId,
        id: `f${o.seed}-${findingN++}`,
        cve: `CVE-2026-${10000 + Math.floor(rand() * 80000)}`,
        severity,
        exploitAvailable: rand() < 0.1,
        vendorCreatedAt: rand() < 0.8 ? release : undefined,
        platform: platform.inspector,
        tags,
      };
      events.push({
        at: first,
        event: findingEvent({ ...spec, status: 'ACTIVE', firstObservedAt: first, updatedAt: first }),
      });
      if (rand() < 0.25) {
        const closed = first + rand() * (severity === 'CRITICAL' ? 4 : 20) * 24 * HOUR;
        if (closed < end)
          events.push({
            at: closed,
            event: findingEvent({ ...spec, status: 'CLOSED', firstObservedAt: first, updatedAt: closed }),
          });
      }
    }
  }
  addFindingEvents(files, events);
  // Bad data: a truncated sync object and a Firehose object that is not GZIP.
  const bad = places[0];
  files.set(
    ssmKey('AWS:ComplianceItem', bad.accountId, bad.region, 'i-0badbadbadbadbad0'),
    Buffer.from('{"ComplianceType":"Patch","Id":"KB5'),
  );
  files.set(
    findingsKey(new Date(end - HOUR), 999_999),
    Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')]),
  );
  void gap;
  return { files, instances: o.instances, findingEvents: events.length };
}
