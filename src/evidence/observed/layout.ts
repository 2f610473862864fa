// Where the collected evidence lies in the bucket, as the services write it.
//
// Systems Manager resource data sync (SyncToDestination, JsonSerDe) writes one object per managed node and
// inventory type, replaced as the data changes (the bucket's versioning keeps the earlier ones):
//   <syncPrefix>/<TypeName>/accountid=<account>/region=<region>/resourcetype=<ResourceType>/<resourceId>.json
// e.g. ssm/AWS:ComplianceItem/accountid=123456789012/region=ap-southeast-2/resourcetype=ManagedInstanceInventory/i-0abc.json
// (AWS Systems Manager User Guide, "Walkthrough: Use resource data sync to aggregate inventory data" and
// "Querying inventory data from multiple Regions and accounts", whose Athena tables partition on accountid,
// region and resourcetype; AWS blog "Understanding AWS Systems Manager Inventory Metadata" for the types).
//
// Firehose writes Inspector finding events (GZIP, one EventBridge event per line) below the stream's prefix,
// partitioned by delivery date: <findingsPrefix>/YYYY/MM/DD/<stream>-<n>-YYYY-MM-DD-HH-MM-SS-<uuid>.gz
// (Amazon Data Firehose Developer Guide, "Configure Amazon S3 object name format").

/** Inventory types the observed report reads. */
export const SSM_TYPES = ['AWS:InstanceInformation', 'AWS:ComplianceItem', 'AWS:PatchSummary', 'AWS:Tag'] as const;
export type SsmType = (typeof SSM_TYPES)[number];

export type EvidenceKey =
  | {
      readonly kind: 'ssm';
      readonly type: string;
      readonly accountId: string;
      readonly region: string;
      readonly resourceType: string;
      readonly resourceId: string;
    }
  | { readonly kind: 'findings' }
  | { readonly kind: 'other' };

const SSM_KEY =
  /(?:^|\/)([A-Za-z]+:[A-Za-z0-9_.-]+)\/accountid=(\d{12})\/region=([a-z0-9-]+)\/resourcetype=([A-Za-z0-9]+)\/([^/]+?)(?:\.json)?$/;

/** What an object key holds, given the prefixes the stacks use (`ssm`, `inspector`). */
export function classifyKey(key: string, syncPrefix = 'ssm', findingsPrefix = 'inspector'): EvidenceKey {
  const rel = key.replace(/^\/+/, '');
  if (rel.startsWith(`${syncPrefix}/`) || rel.includes(`/${syncPrefix}/`)) {
    const m = SSM_KEY.exec(rel);
    if (m) return { kind: 'ssm', type: m[1], accountId: m[2], region: m[3], resourceType: m[4], resourceId: m[5] };
  }
  if (rel.startsWith(`${findingsPrefix}/`) || rel.includes(`/${findingsPrefix}/`)) return { kind: 'findings' };
  return { kind: 'other' };
}

/** The key a sync writes for a resource (the generator and tests build layouts with it). */
export const ssmKey = (
  type: string,
  accountId: string,
  region: string,
  resourceId: string,
  syncPrefix = 'ssm',
  resourceType = 'ManagedInstanceInventory',
) => `${syncPrefix}/${type}/accountid=${accountId}/region=${region}/resourcetype=${resourceType}/${resourceId}.json`;

/** A Firehose object key for a delivery at `at`. */
export const findingsKey = (
  at: Date,
  n: number,
  findingsPrefix = 'inspector',
  stream = 'patchline-inspector-findings',
) => {
  const iso = at.toISOString();
  const [y, mo, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const stamp = iso.slice(0, 19).replace(/[T:]/g, '-');
  return `${findingsPrefix}/${y}/${mo}/${d}/${stream}-1-${stamp}-${String(n).padStart(8, '0')}.gz`;
};
