// Vendor support lifecycles of the operating systems a pipeline can build, kept in the project so an
// assessment is reproducible offline. Dates are the vendors' published ones; where a vendor publishes only a
// month, the last day of that month is used. Update this table when a vendor publishes a new release.
//
// Sources (as published in 2026):
// - Amazon Linux 2: https://aws.amazon.com/amazon-linux-2/faqs/ (end of support extended to 2026-06-30).
// - Amazon Linux 2023: https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html (standard support
//   ends 2027-06-30, maintenance (security updates only) ends 2029-06-30).
// - Ubuntu LTS: https://ubuntu.com/about/release-cycle (5 years of standard security maintenance; Expanded
//   Security Maintenance (ESM) to 10 years requires an Ubuntu Pro subscription).
// - Windows Server: https://learn.microsoft.com/lifecycle/products/ (Fixed Lifecycle Policy: mainstream, then
//   extended support with security updates).
// - RHEL: https://access.redhat.com/support/policy/updates/errata (Full Support, then Maintenance Support with
//   security errata; Extended Life Cycle Support is a paid add-on and not counted).

export type OsFamily = 'amazon-linux' | 'ubuntu-lts' | 'windows-server' | 'rhel';

export interface OsRelease {
  /** Pipeline `os` value (plus releases no pipeline may name yet, which still count as "latest"). */
  readonly os: string;
  readonly name: string;
  readonly family: OsFamily;
  /** General availability. */
  readonly released: string;
  /** End of standard (mainstream / full) support: feature updates stop. */
  readonly standardSupportEnds: string;
  /** Last day the vendor ships security updates without a separate subscription. */
  readonly securitySupportEnds: string;
  /** Paid extended security maintenance beyond that, not counted as vendor support here. */
  readonly paidExtendedSupportEnds?: string;
  /** What the two support dates are called by the vendor. */
  readonly phases: string;
}

export const OS_LIFECYCLE: readonly OsRelease[] = [
  {
    os: 'amazon-linux-2',
    name: 'Amazon Linux 2',
    family: 'amazon-linux',
    released: '2018-06-26',
    standardSupportEnds: '2026-06-30',
    securitySupportEnds: '2026-06-30',
    phases: 'end of support',
  },
  {
    os: 'amazon-linux-2023',
    name: 'Amazon Linux 2023',
    family: 'amazon-linux',
    released: '2023-03-15',
    standardSupportEnds: '2027-06-30',
    securitySupportEnds: '2029-06-30',
    phases: 'standard support / maintenance (security updates only)',
  },
  {
    os: 'ubuntu-20.04',
    name: 'Ubuntu 20.04 LTS',
    family: 'ubuntu-lts',
    released: '2020-04-23',
    standardSupportEnds: '2025-05-31',
    securitySupportEnds: '2025-05-31',
    paidExtendedSupportEnds: '2030-04-30',
    phases: 'standard security maintenance / ESM (Ubuntu Pro)',
  },
  {
    os: 'ubuntu-22.04',
    name: 'Ubuntu 22.04 LTS',
    family: 'ubuntu-lts',
    released: '2022-04-21',
    standardSupportEnds: '2027-06-30',
    securitySupportEnds: '2027-06-30',
    paidExtendedSupportEnds: '2032-04-30',
    phases: 'standard security maintenance / ESM (Ubuntu Pro)',
  },
  {
    os: 'ubuntu-24.04',
    name: 'Ubuntu 24.04 LTS',
    family: 'ubuntu-lts',
    released: '2024-04-25',
    standardSupportEnds: '2029-04-30',
    securitySupportEnds: '2029-04-30',
    paidExtendedSupportEnds: '2034-04-30',
    phases: 'standard security maintenance / ESM (Ubuntu Pro)',
  },
  // Not a pipeline OS yet, but its release makes 24.04 the previous LTS and 22.04 older than that.
  {
    os: 'ubuntu-26.04',
    name: 'Ubuntu 26.04 LTS',
    family: 'ubuntu-lts',
    released: '2026-04-23',
    standardSupportEnds: '2031-04-30',
    securitySupportEnds: '2031-04-30',
    paidExtendedSupportEnds: '2036-04-30',
    phases: 'standard security maintenance / ESM (Ubuntu Pro)',
  },
  {
    os: 'windows-server-2016',
    name: 'Windows Server 2016',
    family: 'windows-server',
    released: '2016-10-15',
    standardSupportEnds: '2022-01-11',
    securitySupportEnds: '2027-01-12',
    phases: 'mainstream / extended support',
  },
  {
    os: 'windows-server-2019',
    name: 'Windows Server 2019',
    family: 'windows-server',
    released: '2018-11-13',
    standardSupportEnds: '2024-01-09',
    securitySupportEnds: '2029-01-09',
    phases: 'mainstream / extended support',
  },
  {
    os: 'windows-server-2022',
    name: 'Windows Server 2022',
    family: 'windows-server',
    released: '2021-08-18',
    standardSupportEnds: '2026-10-13',
    securitySupportEnds: '2031-10-14',
    phases: 'mainstream / extended support',
  },
  {
    os: 'windows-server-2025',
    name: 'Windows Server 2025',
    family: 'windows-server',
    released: '2024-11-01',
    standardSupportEnds: '2029-10-09',
    securitySupportEnds: '2034-10-10',
    phases: 'mainstream / extended support',
  },
  {
    os: 'rhel-8',
    name: 'Red Hat Enterprise Linux 8',
    family: 'rhel',
    released: '2019-05-07',
    standardSupportEnds: '2024-05-31',
    securitySupportEnds: '2029-05-31',
    paidExtendedSupportEnds: '2032-05-31',
    phases: 'full / maintenance support (ELS paid)',
  },
  {
    os: 'rhel-9',
    name: 'Red Hat Enterprise Linux 9',
    family: 'rhel',
    released: '2022-05-17',
    standardSupportEnds: '2027-05-31',
    securitySupportEnds: '2032-05-31',
    paidExtendedSupportEnds: '2035-05-31',
    phases: 'full / maintenance support (ELS paid)',
  },
  // Not a pipeline OS yet; released 2025-05-20, so RHEL 8 is no longer the latest or previous release.
  {
    os: 'rhel-10',
    name: 'Red Hat Enterprise Linux 10',
    family: 'rhel',
    released: '2025-05-20',
    standardSupportEnds: '2030-05-31',
    securitySupportEnds: '2035-05-31',
    paidExtendedSupportEnds: '2038-05-31',
    phases: 'full / maintenance support (ELS paid)',
  },
];

const BY_OS = new Map(OS_LIFECYCLE.map((r) => [r.os, r]));

/** The lifecycle entry of a pipeline OS; throws for an OS the table does not know (a table bug). */
export function osRelease(os: string): OsRelease {
  const r = BY_OS.get(os);
  if (!r) throw new Error(`no lifecycle entry for operating system "${os}"; add it to src/compliance/os-lifecycle.ts`);
  return r;
}

export type SupportPhase = 'not-released' | 'standard' | 'security-only' | 'unsupported';

/** Where the release is in its lifecycle on `asOf` (dates inclusive: support ends at the end of the day). */
export function supportPhase(r: OsRelease, asOf: string): SupportPhase {
  if (asOf < r.released) return 'not-released';
  if (asOf <= r.standardSupportEnds) return 'standard';
  if (asOf <= r.securitySupportEnds) return 'security-only';
  return 'unsupported';
}

/**
 * The releases of the family out on `asOf`, newest first. Ubuntu counts LTS releases only: interim releases
 * (9 months of support) are not server releases, so "latest or previous" means the two newest LTS releases.
 */
export function releasesOf(family: OsFamily, asOf: string): OsRelease[] {
  return OS_LIFECYCLE.filter((r) => r.family === family && r.released <= asOf).sort((a, b) =>
    b.released.localeCompare(a.released),
  );
}

/** 0 = latest release of its family, 1 = previous, 2+ = older (ISM-1407 allows 0 and 1). */
export function releaseAge(r: OsRelease, asOf: string): number {
  return releasesOf(r.family, asOf).findIndex((x) => x.os === r.os);
}

/** Patch Manager operating system of a pipeline OS, to find the baseline that patches it. */
export function patchManagerOs(os: string): string {
  const f = osRelease(os).family;
  if (f === 'amazon-linux') return os === 'amazon-linux-2' ? 'AMAZON_LINUX_2' : 'AMAZON_LINUX_2023';
  if (f === 'ubuntu-lts') return 'UBUNTU';
  if (f === 'windows-server') return 'WINDOWS';
  return 'REDHAT_ENTERPRISE_LINUX';
}
