// The Essential Eight "Patch operating systems" requirements, as data: ISM control, edition, maturity levels,
// text, which exemption `waives` value covers it, and which check evaluates it (by name, with parameters).
//
// Sources: ASD, Essential Eight Maturity Model, November 2023, and its ISM mapping (2023-11); ACSC, Essential
// Eight Maturity Model, July 2021 (2021-07). The 2021-07 ML3 rows follow the original text: two weeks, or 48 hours
// if an exploit exists, for internet-facing services and for workstations, servers and network devices; scans
// daily for internet-facing services and weekly for the rest. Requirement texts are paraphrased short forms.
import type { Exposure } from '../model';

export type Edition = '2023-11' | '2021-07';
export type MaturityLevel = 1 | 2 | 3;
export type Waiver = 'unsupported-os' | 'os-currency' | 'patch-timeframe' | 'vulnerability-scan' | 'asset-discovery';
/** expedite: vendor-critical or exploited, approved by rules marked `expedite`; other: everything else. */
export type PatchClass = 'expedite' | 'other';

export const HOURS = { twoDays: 48, week: 7 * 24, twoWeeks: 14 * 24, oneMonth: 30 * 24, day: 24 } as const;

const INTERNET: readonly Exposure[] = ['internet-facing'];
const OTHERS: readonly Exposure[] = ['internal', 'workstation'];

/** How a requirement is evaluated; assess.ts maps each kind to its check. */
export type CheckSpec =
  /** Worst-case time from release to installation, per patch class, in the accounts of these exposures. */
  | {
      readonly kind: 'patch-timeframe';
      readonly exposures: readonly Exposure[];
      readonly limitHours: Readonly<Partial<Record<PatchClass, number>>>;
    }
  /** Longest time between vulnerability scans of the accounts of these exposures. */
  | { readonly kind: 'scan-cadence'; readonly exposures: readonly Exposure[]; readonly maxGapHours: number }
  /** Longest time between automated asset discovery runs in every account in scope. */
  | { readonly kind: 'asset-discovery'; readonly maxGapHours: number }
  /** A scanner with a vulnerability database its vendor keeps current. */
  | { readonly kind: 'scanner-database' }
  /** No pipeline (or patched fleet OS) is past its vendor's security support. */
  | { readonly kind: 'os-supported' }
  /** Every pipeline builds the latest or previous release of its OS. */
  | { readonly kind: 'os-release-current' }
  /** Outside what a profile can evidence; blocks claiming the levels it belongs to. */
  | { readonly kind: 'not-assessable'; readonly reason: string };

export interface Requirement {
  /** ISM control, e.g. ISM-1877. Unique with `levels` (2021-07 tightens some controls between levels). */
  readonly id: string;
  readonly edition: Edition;
  readonly levels: readonly MaturityLevel[];
  readonly text: string;
  /** The exemption `waives` value that can cover it; none for what an exemption cannot waive here. */
  readonly waivedBy?: Waiver;
  readonly check: CheckSpec;
}

const DRIVERS_FIRMWARE =
  'drivers and firmware are patched and scanned outside Patch Manager OS baselines (vendor tools, BIOS/firmware updates); the profile cannot evidence them';

const E2023: readonly Requirement[] = [
  {
    id: 'ISM-1807',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'asset-discovery',
    text: 'An automated method of asset discovery is used at least fortnightly to support the detection of assets for subsequent vulnerability scanning activities.',
    check: { kind: 'asset-discovery', maxGapHours: HOURS.twoWeeks },
  },
  {
    id: 'ISM-1808',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner with an up-to-date vulnerability database is used for vulnerability scanning activities.',
    check: { kind: 'scanner-database' },
  },
  {
    id: 'ISM-1701',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner is used at least daily to identify missing patches or updates for vulnerabilities in operating systems of internet-facing servers and internet-facing network devices.',
    check: { kind: 'scan-cadence', exposures: INTERNET, maxGapHours: HOURS.day },
  },
  {
    id: 'ISM-1702',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner is used at least fortnightly to identify missing patches or updates for vulnerabilities in operating systems of workstations, non-internet-facing servers and non-internet-facing network devices.',
    check: { kind: 'scan-cadence', exposures: OTHERS, maxGapHours: HOURS.twoWeeks },
  },
  {
    id: 'ISM-1877',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in operating systems of internet-facing servers and internet-facing network devices are applied within 48 hours of release when vulnerabilities are assessed as critical by vendors or when working exploits exist.',
    check: { kind: 'patch-timeframe', exposures: INTERNET, limitHours: { expedite: HOURS.twoDays } },
  },
  {
    id: 'ISM-1694',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in operating systems of internet-facing servers and internet-facing network devices are applied within two weeks of release when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.',
    check: { kind: 'patch-timeframe', exposures: INTERNET, limitHours: { other: HOURS.twoWeeks } },
  },
  {
    id: 'ISM-1695',
    edition: '2023-11',
    levels: [1, 2],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, non-internet-facing servers and non-internet-facing network devices are applied within one month of release.',
    check: {
      kind: 'patch-timeframe',
      exposures: OTHERS,
      limitHours: { expedite: HOURS.oneMonth, other: HOURS.oneMonth },
    },
  },
  {
    id: 'ISM-1696',
    edition: '2023-11',
    levels: [3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, non-internet-facing servers and non-internet-facing network devices are applied within 48 hours of release when vulnerabilities are assessed as critical by vendors or when working exploits exist.',
    check: { kind: 'patch-timeframe', exposures: OTHERS, limitHours: { expedite: HOURS.twoDays } },
  },
  {
    id: 'ISM-1902',
    edition: '2023-11',
    levels: [3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, non-internet-facing servers and non-internet-facing network devices are applied within one month of release when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.',
    check: { kind: 'patch-timeframe', exposures: OTHERS, limitHours: { other: HOURS.oneMonth } },
  },
  {
    id: 'ISM-1703',
    edition: '2023-11',
    levels: [3],
    text: 'A vulnerability scanner is used at least fortnightly to identify missing patches or updates for vulnerabilities in drivers.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1900',
    edition: '2023-11',
    levels: [3],
    text: 'A vulnerability scanner is used at least fortnightly to identify missing patches or updates for vulnerabilities in firmware.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1879',
    edition: '2023-11',
    levels: [3],
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in drivers are applied within 48 hours of release when vulnerabilities are assessed as critical by vendors or when working exploits exist.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1697',
    edition: '2023-11',
    levels: [3],
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in drivers are applied within one month of release when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1903',
    edition: '2023-11',
    levels: [3],
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in firmware are applied within 48 hours of release when vulnerabilities are assessed as critical by vendors or when working exploits exist.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1904',
    edition: '2023-11',
    levels: [3],
    text: 'Patches, updates or other vendor mitigations for vulnerabilities in firmware are applied within one month of release when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.',
    check: { kind: 'not-assessable', reason: DRIVERS_FIRMWARE },
  },
  {
    id: 'ISM-1501',
    edition: '2023-11',
    levels: [1, 2, 3],
    waivedBy: 'unsupported-os',
    text: 'Operating systems that are no longer supported by vendors are replaced.',
    check: { kind: 'os-supported' },
  },
  {
    id: 'ISM-1407',
    edition: '2023-11',
    levels: [3],
    waivedBy: 'os-currency',
    text: 'The latest release, or the previous release, of operating systems are used.',
    check: { kind: 'os-release-current' },
  },
];

// July 2021: "exploit exists" maps to the expedite class (the rules marked expedite are the fast path).
const E2021: readonly Requirement[] = [
  {
    id: 'ISM-1694',
    edition: '2021-07',
    levels: [1, 2, 3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or vendor mitigations for security vulnerabilities in operating systems of internet-facing services are applied within two weeks of release, or within 48 hours if an exploit exists.',
    check: {
      kind: 'patch-timeframe',
      exposures: INTERNET,
      limitHours: { expedite: HOURS.twoDays, other: HOURS.twoWeeks },
    },
  },
  {
    id: 'ISM-1695',
    edition: '2021-07',
    levels: [1],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or vendor mitigations for security vulnerabilities in operating systems of workstations, servers and network devices are applied within one month of release.',
    check: {
      kind: 'patch-timeframe',
      exposures: OTHERS,
      limitHours: { expedite: HOURS.oneMonth, other: HOURS.oneMonth },
    },
  },
  {
    id: 'ISM-1695',
    edition: '2021-07',
    levels: [2],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or vendor mitigations for security vulnerabilities in operating systems of workstations, servers and network devices are applied within two weeks of release.',
    check: {
      kind: 'patch-timeframe',
      exposures: OTHERS,
      limitHours: { expedite: HOURS.twoWeeks, other: HOURS.twoWeeks },
    },
  },
  {
    id: 'ISM-1696',
    edition: '2021-07',
    levels: [3],
    waivedBy: 'patch-timeframe',
    text: 'Patches, updates or vendor mitigations for security vulnerabilities in operating systems of workstations, servers and network devices are applied within two weeks of release, or within 48 hours if an exploit exists.',
    check: {
      kind: 'patch-timeframe',
      exposures: OTHERS,
      limitHours: { expedite: HOURS.twoDays, other: HOURS.twoWeeks },
    },
  },
  {
    id: 'ISM-1701',
    edition: '2021-07',
    levels: [2, 3],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner is used at least daily to identify missing patches or updates for security vulnerabilities in operating systems of internet-facing services.',
    check: { kind: 'scan-cadence', exposures: INTERNET, maxGapHours: HOURS.day },
  },
  {
    id: 'ISM-1702',
    edition: '2021-07',
    levels: [2],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner is used at least fortnightly to identify missing patches or updates for security vulnerabilities in operating systems of workstations, servers and network devices.',
    check: { kind: 'scan-cadence', exposures: OTHERS, maxGapHours: HOURS.twoWeeks },
  },
  {
    id: 'ISM-1702',
    edition: '2021-07',
    levels: [3],
    waivedBy: 'vulnerability-scan',
    text: 'A vulnerability scanner is used at least weekly to identify missing patches or updates for security vulnerabilities in operating systems of workstations, servers and network devices.',
    check: { kind: 'scan-cadence', exposures: OTHERS, maxGapHours: HOURS.week },
  },
  {
    id: 'ISM-1407',
    edition: '2021-07',
    levels: [3],
    waivedBy: 'os-currency',
    text: 'The latest release, or the previous release, of operating systems are used.',
    check: { kind: 'os-release-current' },
  },
  {
    id: 'ISM-1501',
    edition: '2021-07',
    levels: [1, 2, 3],
    waivedBy: 'unsupported-os',
    text: 'Operating systems that are no longer supported by vendors are replaced.',
    check: { kind: 'os-supported' },
  },
];

export const REQUIREMENTS: Readonly<Record<Edition, readonly Requirement[]>> = { '2023-11': E2023, '2021-07': E2021 };

/** "ISM-1702", or "ISM-1702 (ML3)" where an edition has the control at several levels with different texts. */
export function requirementLabel(r: Requirement): string {
  const same = REQUIREMENTS[r.edition].filter((x) => x.id === r.id).length;
  return same > 1 ? `${r.id} (ML${r.levels.join('/ML')})` : r.id;
}

export const levelsLabel = (levels: readonly MaturityLevel[]) =>
  levels.length > 1 && levels[levels.length - 1] - levels[0] === levels.length - 1
    ? `ML${levels[0]}–ML${levels[levels.length - 1]}`
    : levels.map((l) => `ML${l}`).join(', ');
