// How a profile baseline becomes Patch Manager's: filter keys per operating system, approval rules, and the
// BaselineOverride document the expedite lane installs from. Pure: the stack and the checks both use it.
import type { Baseline, Rule } from '../profile/profile.generated';

export type PatchOs = Baseline['os'];

/** Profile rule fields that become patch filters, in the order filters are written. */
export const FILTER_FIELDS = ['product', 'classification', 'severity', 'priority', 'section'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

const RPM_LIKE: Partial<Record<FilterField, string>> = {
  product: 'PRODUCT',
  classification: 'CLASSIFICATION',
  severity: 'SEVERITY',
};
const DEB_LIKE: Partial<Record<FilterField, string>> = { product: 'PRODUCT', priority: 'PRIORITY', section: 'SECTION' };

/**
 * The Patch Manager filter key each profile field maps to, per OS (DescribePatchProperties and PatchFilter in
 * the SSM API reference). Windows calls severity MSRC_SEVERITY; Debian-family systems have priorities and
 * sections instead of classifications and severities; macOS has no severity. A missing entry means AWS
 * rejects that filter for the OS.
 */
export const FILTER_KEYS: Readonly<Record<PatchOs, Partial<Record<FilterField, string>>>> = {
  AMAZON_LINUX_2: RPM_LIKE,
  AMAZON_LINUX_2023: RPM_LIKE,
  REDHAT_ENTERPRISE_LINUX: RPM_LIKE,
  ROCKY_LINUX: RPM_LIKE,
  ALMA_LINUX: RPM_LIKE,
  ORACLE_LINUX: RPM_LIKE,
  CENTOS: RPM_LIKE,
  SUSE: RPM_LIKE,
  UBUNTU: DEB_LIKE,
  DEBIAN: DEB_LIKE,
  MACOS: { product: 'PRODUCT', classification: 'CLASSIFICATION' },
  WINDOWS: { product: 'PRODUCT', classification: 'CLASSIFICATION', severity: 'MSRC_SEVERITY' },
};

/** Every operating system Patch Manager knows (the OperatingSystem enum), for the override document. */
export const ALL_PATCH_OS = [
  'ALMA_LINUX',
  'AMAZON_LINUX',
  'AMAZON_LINUX_2',
  'AMAZON_LINUX_2022',
  'AMAZON_LINUX_2023',
  'CENTOS',
  'DEBIAN',
  'MACOS',
  'ORACLE_LINUX',
  'RASPBIAN',
  'REDHAT_ENTERPRISE_LINUX',
  'ROCKY_LINUX',
  'SUSE',
  'UBUNTU',
  'WINDOWS',
] as const;

/** AWS API limits on a baseline. */
export const LIMITS = { patchListItems: 50, filterValues: 20 } as const;

export interface PatchFilter {
  readonly key: string;
  readonly values: readonly string[];
}

export interface ApprovalRule {
  readonly filters: readonly PatchFilter[];
  readonly approveAfterDays?: number;
  readonly approveUntilDate?: string;
  readonly complianceLevel: string;
  readonly enableNonSecurity: boolean;
  /** Installed by the nightly expedite lane too. */
  readonly expedite: boolean;
}

/** A baseline ready for Patch Manager; the stack's and the override document's single source. */
export interface BaselineSpec {
  /** Profile key; stable, used in resource addresses. */
  readonly key: string;
  readonly os: PatchOs;
  readonly description?: string;
  readonly rules: readonly ApprovalRule[];
  readonly approvedPatches: readonly string[];
  readonly approvedPatchesComplianceLevel?: string;
  readonly rejectedPatches: readonly string[];
  readonly rejectedPatchesAction: 'ALLOW_AS_DEPENDENCY' | 'BLOCK';
}

/**
 * A rule's patch filters. PRODUCT is always written (`*` when the profile omits it): every OS accepts it,
 * AWS's predefined baselines and console always set it, and leaving it out is not documented to mean "all".
 * Filter values keep the profile's order (AWS stores them as given); the checks reject unsupported keys.
 */
export function ruleFilters(os: PatchOs, rule: Rule): PatchFilter[] {
  const keys = FILTER_KEYS[os];
  const out: PatchFilter[] = [];
  for (const field of FILTER_FIELDS) {
    const values = field === 'product' ? (rule.product ?? ['*']) : rule[field];
    const key = keys[field];
    if (values && key) out.push({ key, values: [...values] });
  }
  return out;
}

/** AWS caps a baseline's Description at 1024 characters. */
const DESCRIPTION_MAX = 1024;

/**
 * What a Debian-family baseline's rules really select, for its Description: a rule without enableNonSecurity
 * approves only updates whose candidate version is in the release's security pocket (noble-security,
 * debian-security bookworm), and PRIORITY/SECTION pick packages by how essential they are, not by how severe the
 * fix is (User Guide, "How patch baseline rules work on Ubuntu Server"). Other OSes filter by vendor severity.
 */
export function debianSelection(rules: readonly Rule[]): string {
  const parts = rules.map((r, i) => {
    const what = r.enableNonSecurity ? 'all updates (security pocket and others)' : 'security-pocket updates only';
    const pri = r.priority ? `priority ${r.priority.join(', ')}` : 'every priority';
    const sec = !r.section || r.section.includes('*') ? 'every section' : `sections ${r.section.join(', ')}`;
    return `Rule ${i + 1}${r.expedite ? ' (expedite lane too)' : ''}: ${what}, ${pri}, ${sec}.`;
  });
  return `${parts.join(' ')} Priority is how essential a package is, not vulnerability severity; Patch Manager has no severity filter here.`;
}

function specDescription(b: Baseline): string | undefined {
  if (b.os !== 'UBUNTU' && b.os !== 'DEBIAN') return b.description;
  const text = [b.description, debianSelection(b.rules)].filter(Boolean).join(' ');
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}

/** The profile's baselines as specs, sorted by key (map order in YAML never reaches the output). */
export function baselineSpecs(baselines: Readonly<Record<string, Baseline>>): BaselineSpec[] {
  return Object.keys(baselines)
    .sort()
    .map((key) => {
      const b = baselines[key];
      return {
        key,
        os: b.os,
        description: specDescription(b),
        rules: b.rules.map((r) => ({
          filters: ruleFilters(b.os, r),
          approveAfterDays: r.approveAfterDays,
          approveUntilDate: r.approveUntilDate,
          complianceLevel: r.complianceLevel,
          enableNonSecurity: r.enableNonSecurity,
          expedite: r.expedite,
        })),
        approvedPatches: [...(b.approvedPatches ?? [])].sort(),
        approvedPatchesComplianceLevel: b.approvedPatchesComplianceLevel,
        rejectedPatches: [...(b.rejectedPatches ?? [])].sort(),
        rejectedPatchesAction: b.rejectedPatchesAction,
      };
    });
}

/** True when some rule of some baseline feeds the expedite lane. */
export const hasExpediteRules = (specs: readonly BaselineSpec[]) => specs.some((b) => b.rules.some((r) => r.expedite));

/**
 * The BaselineOverride document (a JSON list of API `BaselineOverride` objects, one per OS) for the expedite
 * lane: each baseline's expedite rules only, keeping its rejected patches so the lane never installs what the
 * organization rejected, and no explicitly approved patches (those wait for the ring). Every other OS gets an
 * entry that approves nothing: AWS-RunPatchBaseline falls back to the default baseline for an OS missing from
 * the document, which would turn the nightly lane into a full patch run.
 */
export function baselineOverrideDocument(specs: readonly BaselineSpec[]): string {
  const byOs = new Map(specs.map((b) => [b.os as string, b]));
  const entries = ALL_PATCH_OS.map((os) => {
    const b = byOs.get(os);
    const rules = (b?.rules ?? []).filter((r) => r.expedite);
    return {
      OperatingSystem: os,
      ApprovalRules: {
        PatchRules: rules.map((r) => ({
          PatchFilterGroup: { PatchFilters: r.filters.map((f) => ({ Key: f.key, Values: [...f.values] })) },
          // Neither on Ubuntu/Debian, where AWS supports no approval delay.
          ...(r.approveAfterDays !== undefined ? { ApproveAfterDays: r.approveAfterDays } : {}),
          ...(r.approveUntilDate !== undefined ? { ApproveUntilDate: r.approveUntilDate } : {}),
          ComplianceLevel: r.complianceLevel,
          EnableNonSecurity: r.enableNonSecurity,
        })),
      },
      ApprovedPatches: [],
      ApprovedPatchesComplianceLevel: 'UNSPECIFIED',
      ApprovedPatchesEnableNonSecurity: false,
      GlobalFilters: { PatchFilters: [] },
      RejectedPatches: [...(b?.rejectedPatches ?? [])],
      RejectedPatchesAction: b?.rejectedPatchesAction ?? 'BLOCK', // an OS without a baseline: Patch Manager's own default
      Sources: [],
    };
  });
  return JSON.stringify(entries, null, 2);
}
