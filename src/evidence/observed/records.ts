// Record shapes, from AWS's documented examples, read tolerantly: a field of the wrong type is treated as
// absent, and a record without what identifies it is rejected (and its object listed as malformed).
//
// - Inventory records (resource data sync, JsonSerDe): one JSON object per line, the inventory type's attributes
//   plus `resourceId`, `captureTime` and `schemaVersion`. AWS:ComplianceItem attributes for patches: ComplianceType
//   "Patch", Id, Title, Status (COMPLIANT | NON_COMPLIANT), Severity (the baseline's compliance level), Classification,
//   PatchSeverity, PatchState (Installed | InstalledOther | InstalledPendingReboot | InstalledRejected | Missing |
//   NotApplicable | Failed), ExecutionTime (AWS Systems Manager User Guide, "Understanding patch compliance state
//   values"; API Reference, ComplianceItem). AWS:InstanceInformation: InstanceId, PlatformName, PlatformType,
//   PlatformVersion, InstanceStatus ("Metadata collected by inventory"). AWS:PatchSummary: OperationType,
//   OperationEndTime, MissingCount, FailedCount. AWS:Tag: Key, Value.
// - Inspector finding events: EventBridge events with detail-type "Inspector2 Finding", whose `detail` is the
//   finding: findingArn, awsAccountId, status (ACTIVE | SUPPRESSED | CLOSED), severity, exploitAvailable (YES | NO),
//   firstObservedAt, lastObservedAt, updatedAt, packageVulnerabilityDetails.vulnerabilityId / vendorCreatedAt /
//   vendorSeverity, resources[].{type, id, region, tags, details.awsEc2Instance.{platform, imageId, launchedAt}}
//   (Amazon Inspector User Guide, "Amazon EventBridge event schema for Amazon Inspector events"; API Reference, Finding).

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * An instant in ms, or undefined. Inspector's console-style examples write "Mar 31, 2022, 22:13:37.000"; the
 * API and inventory write ISO 8601. Both are read as UTC.
 */
export function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e12 ? v : v * 1000;
  const s = str(v);
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) || s.length === 10 ? s : `${s}Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: ?(AM|PM))?$/.exec(s);
  if (!m) return undefined;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]);
  if (month < 0) return undefined;
  let hour = Number(m[4]);
  if (m[8] === 'PM' && hour < 12) hour += 12;
  if (m[8] === 'AM' && hour === 12) hour = 0;
  return Date.UTC(
    Number(m[3]),
    month,
    Number(m[2]),
    hour,
    Number(m[5]),
    Number(m[6]),
    Number((m[7] ?? '0').padEnd(3, '0')),
  );
}

export interface InventoryRecord {
  readonly resourceId: string;
  /** captureTime, else undefined. */
  readonly captureTime?: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An inventory record, or a reason it is unusable. */
export function inventoryRecord(v: unknown, fallbackResourceId: string): InventoryRecord | string {
  const o = obj(v);
  if (!o) return 'a line is not a JSON object';
  const resourceId = str(o.resourceId) ?? str(o.InstanceId) ?? fallbackResourceId;
  return { resourceId, captureTime: parseTime(o.captureTime), fields: o };
}

export type FindingStatus = 'ACTIVE' | 'SUPPRESSED' | 'CLOSED';

export interface FindingSnapshot {
  readonly arn: string;
  readonly accountId: string;
  readonly status: FindingStatus;
  readonly severity: string;
  readonly exploitAvailable: boolean;
  readonly firstObservedAt: number;
  readonly lastObservedAt?: number;
  /** When this state was reached (updatedAt, else the event time). */
  readonly updatedAt: number;
  readonly vulnerabilityId?: string;
  readonly title?: string;
  readonly vendorCreatedAt?: number;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly platform?: string;
  readonly imageId?: string;
}

/** The finding in an "Inspector2 Finding" event, or a reason it is unusable; undefined for other events. */
export function findingFromEvent(v: unknown): FindingSnapshot | string | undefined {
  const e = obj(v);
  if (!e) return 'a record is not a JSON object';
  if (e['detail-type'] !== undefined && e['detail-type'] !== 'Inspector2 Finding') return undefined;
  const d = obj(e.detail);
  if (!d) return 'an Inspector2 Finding event has no detail';
  const arn = str(d.findingArn);
  const status = str(d.status);
  const first = parseTime(d.firstObservedAt);
  const res = Array.isArray(d.resources) ? obj(d.resources[0]) : undefined;
  if (
    !arn ||
    !status ||
    !['ACTIVE', 'SUPPRESSED', 'CLOSED'].includes(status) ||
    first === undefined ||
    !res ||
    !str(res.id)
  ) {
    return `an Inspector2 Finding lacks ${[!arn && 'findingArn', (!status || !['ACTIVE', 'SUPPRESSED', 'CLOSED'].includes(status)) && 'a valid status', first === undefined && 'firstObservedAt', (!res || !str(res.id)) && 'a resource'].filter(Boolean).join(', ')}`;
  }
  const pvd = obj(d.packageVulnerabilityDetails);
  const ec2 = obj(obj(res.details)?.awsEc2Instance);
  const tags: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(res.tags) ?? {})) if (typeof val === 'string') tags[k] = val;
  const accountId = str(d.awsAccountId) ?? str(e.account) ?? '';
  return {
    arn,
    accountId,
    status: status as FindingStatus,
    severity: str(d.severity) ?? 'UNTRIAGED',
    exploitAvailable: d.exploitAvailable === 'YES',
    firstObservedAt: first,
    lastObservedAt: parseTime(d.lastObservedAt),
    updatedAt: parseTime(d.updatedAt) ?? parseTime(e.time) ?? first,
    vulnerabilityId: str(pvd?.vulnerabilityId),
    title: str(d.title),
    vendorCreatedAt: parseTime(pvd?.vendorCreatedAt),
    resourceType: str(res.type) ?? 'UNKNOWN',
    resourceId: str(res.id)!,
    region: str(res.region) ?? str(e.region) ?? '',
    tags,
    platform: str(ec2?.platform),
    imageId: str(ec2?.imageId),
  };
}

/**
 * Splits a Firehose object's text into JSON values: one per line when Firehose appended delimiters, or
 * back-to-back objects when it did not. A trailing unfinished object is reported as truncated.
 */
export function splitJsonValues(text: string): { values: string[]; truncated: boolean } {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92)
        escaped = true; // backslash
      else if (c === 34) inString = false;
      continue;
    }
    if (depth === 0 && c !== 123 && c !== 91 && c !== 32 && c !== 10 && c !== 13 && c !== 9)
      return { values, truncated: true }; // text outside any value
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c === 123 || c === 91) {
      if (depth === 0) start = i;
      depth++;
      continue;
    }
    if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(text.slice(start, i + 1));
        start = -1;
      }
      if (depth < 0) return { values, truncated: true };
    }
  }
  return { values, truncated: depth !== 0 || inString };
}
