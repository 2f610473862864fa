// Reads every evidence object once, with a few reads in flight, and folds it into compact per-instance and
// per-finding state: memory grows with instances and findings, not with days of history.
import { gunzipSync } from 'zlib';
import { classifyKey } from './layout';
import { findingFromEvent, inventoryRecord, parseTime, splitJsonValues, type FindingSnapshot } from './records';
import type { EvidenceObject, EvidenceSource } from './source';

export interface MissingPatch {
  readonly id: string;
  title?: string;
  severity?: string;
  patchSeverity?: string;
  classification?: string;
  state?: string;
  firstSeen: number;
  lastSeen: number;
}

export interface InstanceState {
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  platformName?: string;
  platformVersion?: string;
  platformType?: string;
  /** Time of the newest InstanceInformation record. */
  infoAt?: number;
  tags?: Record<string, string>;
  tagsAt?: number;
  /** Newest patch scan or install operation (PatchSummary OperationEndTime, else compliance ExecutionTime). */
  patchScanAt?: number;
  /** Time of the newest patch compliance snapshot. */
  complianceAt?: number;
  readonly missing: Map<string, MissingPatch>;
  /** Newest time Inspector reported on the instance (finding lastObservedAt). */
  inspectorAt?: number;
  inspectorPlatform?: string;
  /** Tags on Inspector's newest report, used when inventory has none. */
  inspectorTags?: Record<string, string>;
  imageId?: string;
}

export interface FindingState {
  readonly arn: string;
  /** Newest state by updatedAt. */
  latest: FindingSnapshot;
  firstObservedAt: number;
}

export interface Collected {
  readonly instances: Map<string, InstanceState>;
  readonly findings: Map<string, FindingState>;
  /** Keys that could not be read in full, with why; their usable records still count. */
  readonly malformed: { key: string; reason: string }[];
  /** Account/region pairs with sync data. */
  readonly syncedRegions: Set<string>;
  objects: number;
  bytes: number;
  records: number;
  ignoredFindings: number;
}

export const instanceKey = (accountId: string, region: string, instanceId: string) =>
  `${accountId}/${region}/${instanceId}`;

export interface CollectOptions {
  readonly syncPrefix?: string;
  readonly findingsPrefix?: string;
  /** Reads in flight. @default 16 */
  readonly concurrency?: number;
  readonly onProgress?: (c: Collected) => void;
}

export async function collect(source: EvidenceSource, opts: CollectOptions = {}): Promise<Collected> {
  const c: Collected = {
    instances: new Map(),
    findings: new Map(),
    malformed: [],
    syncedRegions: new Set(),
    objects: 0,
    bytes: 0,
    records: 0,
    ignoredFindings: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const limit = opts.concurrency ?? 16;
  for await (const o of source.list()) {
    const k = classifyKey(o.key, opts.syncPrefix, opts.findingsPrefix);
    if (k.kind === 'other') continue;
    const p = source.read(o).then(
      (body) => {
        c.objects++;
        c.bytes += body.length;
        ingest(c, o, body, k);
        opts.onProgress?.(c);
      },
      (err: Error) => {
        c.malformed.push({ key: label(o), reason: `could not be read: ${err.message}` });
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  c.malformed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return c;
}

const label = (o: EvidenceObject) => (o.versionId ? `${o.key}?versionId=${o.versionId}` : o.key);

function ingest(c: Collected, o: EvidenceObject, body: Buffer, k: ReturnType<typeof classifyKey>): void {
  const problems = new Set<string>();
  let text: string;
  try {
    text = (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8');
  } catch (e) {
    c.malformed.push({ key: label(o), reason: `not valid GZIP (${(e as Error).message})` });
    return;
  }
  // An empty sync object is a resource with no items of that type; an empty Firehose object is a broken delivery.
  if (!text.trim() && k.kind === 'findings') problems.add('empty');
  // One record per line (JsonSerDe, and Firehose with its delimiter); a line that does not parse may hold
  // back-to-back records (Firehose without a delimiter) or be cut short.
  const values: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      values.push(JSON.parse(line));
      continue;
    } catch {
      /* fall through */
    }
    const split = splitJsonValues(line);
    if (split.truncated) problems.add('truncated or not JSON');
    for (const raw of split.values) {
      try {
        values.push(JSON.parse(raw));
      } catch {
        problems.add('a record is not valid JSON');
      }
    }
  }
  for (const v of values) {
    if (k.kind === 'ssm') {
      const r = inventoryRecord(v, k.resourceId);
      if (typeof r === 'string') {
        problems.add(r);
        continue;
      }
      c.records++;
      ingestInventory(c, k.type, k.accountId, k.region, r.resourceId, r.captureTime ?? o.lastModified, r.fields);
    } else {
      const f = findingFromEvent(v);
      if (f === undefined) continue;
      if (typeof f === 'string') {
        problems.add(f);
        continue;
      }
      c.records++;
      ingestFinding(c, f);
    }
  }
  if (k.kind === 'ssm' && values.length) c.syncedRegions.add(`${k.accountId}/${k.region}`);
  if (problems.size) c.malformed.push({ key: label(o), reason: [...problems].sort().join('; ') });
}

function instance(c: Collected, accountId: string, region: string, instanceId: string): InstanceState {
  const key = instanceKey(accountId, region, instanceId);
  let s = c.instances.get(key);
  if (!s) c.instances.set(key, (s = { accountId, region, instanceId, missing: new Map() }));
  return s;
}

const s = (v: unknown) => (typeof v === 'string' ? v : undefined);

function ingestInventory(
  c: Collected,
  type: string,
  accountId: string,
  region: string,
  resourceId: string,
  at: number,
  f: Readonly<Record<string, unknown>>,
): void {
  // Only EC2 instances and managed nodes; resource data sync also writes other resource types.
  if (!/^(i|mi)-[0-9a-f]+$/.test(resourceId)) return;
  const i = instance(c, accountId, region, resourceId);
  switch (type) {
    case 'AWS:InstanceInformation':
      if (i.infoAt === undefined || at >= i.infoAt) {
        i.infoAt = at;
        i.platformName = s(f.PlatformName);
        i.platformVersion = s(f.PlatformVersion);
        i.platformType = s(f.PlatformType);
      }
      break;
    case 'AWS:Tag': {
      // One record per tag; records of an older snapshot never mix with a newer one.
      if (i.tagsAt !== undefined && at < i.tagsAt) break;
      if (i.tagsAt === undefined || at > i.tagsAt) {
        i.tags = {};
        i.tagsAt = at;
      }
      const key = s(f.Key);
      if (key) i.tags![key] = s(f.Value) ?? '';
      break;
    }
    case 'AWS:PatchSummary': {
      const end = parseTime(f.OperationEndTime);
      if (end !== undefined && (i.patchScanAt === undefined || end > i.patchScanAt)) i.patchScanAt = end;
      break;
    }
    case 'AWS:ComplianceItem': {
      if (f.ComplianceType !== 'Patch') break;
      const exec = parseTime(f.ExecutionTime);
      if (exec !== undefined && (i.patchScanAt === undefined || exec > i.patchScanAt)) i.patchScanAt = exec;
      if (i.complianceAt === undefined || at > i.complianceAt) i.complianceAt = at;
      const state = s(f.PatchState);
      const id = s(f.Id);
      if (!id || f.Status !== 'NON_COMPLIANT' || (state !== undefined && state !== 'Missing' && state !== 'Failed'))
        break;
      const m = i.missing.get(id);
      if (!m)
        i.missing.set(id, {
          id,
          title: s(f.Title),
          severity: s(f.Severity),
          patchSeverity: s(f.PatchSeverity),
          classification: s(f.Classification),
          state,
          firstSeen: at,
          lastSeen: at,
        });
      else {
        if (at < m.firstSeen) m.firstSeen = at;
        if (at >= m.lastSeen) {
          m.lastSeen = at;
          m.state = state;
          m.title = s(f.Title) ?? m.title;
          m.severity = s(f.Severity) ?? m.severity;
        }
      }
      break;
    }
  }
}

function ingestFinding(c: Collected, f: FindingSnapshot): void {
  if (f.resourceType !== 'AWS_EC2_INSTANCE') {
    c.ignoredFindings++;
    return;
  }
  const st = c.findings.get(f.arn);
  if (!st) c.findings.set(f.arn, { arn: f.arn, latest: f, firstObservedAt: f.firstObservedAt });
  else {
    if (f.updatedAt > st.latest.updatedAt || (f.updatedAt === st.latest.updatedAt && f.status === 'CLOSED'))
      st.latest = f;
    if (f.firstObservedAt < st.firstObservedAt) st.firstObservedAt = f.firstObservedAt;
  }
  const i = instance(c, f.accountId, f.region, f.resourceId);
  const seen = f.lastObservedAt ?? f.updatedAt;
  if (i.inspectorAt === undefined || seen > i.inspectorAt) {
    i.inspectorAt = seen;
    i.inspectorPlatform = f.platform ?? i.inspectorPlatform;
    i.imageId = f.imageId ?? i.imageId;
    if (Object.keys(f.tags).length) i.inspectorTags = { ...f.tags };
  }
}
