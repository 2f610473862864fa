// fast-check arbitraries for valid org profiles: random organizations (nested OUs, accounts with their
// own regions and exposures), image pipelines with sharing and copies, patching rings, the expedite lane
// and exemptions dated around AS_OF. Built as plain objects and written as YAML, as a user would.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { AS_OF } from './profiles';

const REGIONS = ['ap-southeast-2', 'ap-southeast-4', 'us-east-1', 'eu-west-1'];
const CRONS = [
  'cron(0 9 ? * TUE *)',
  'cron(0 12 ? * WED#2 *)',
  'cron(30 3 * * ? *)',
  'cron(0 22 ? * SUN *)',
  'cron(15 1 ? * MON-FRI *)',
];
/** Ring crons that, in UTC and at most 8 h long, never overlap the generated 01:00-03:00 UTC expedite lane. */
const LANE_SAFE_CRONS = ['cron(0 9 ? * TUE *)', 'cron(0 12 ? * WED#2 *)', 'cron(30 3 * * ? *)'];
const ZONES = ['UTC', 'Australia/Sydney', 'Europe/Berlin', 'America/New_York'];
const EXPOSURES = ['internet-facing', 'internal', 'workstation'] as const;

/** A profile name: lower-case letters, digits and dashes, starting with a letter. */
const name = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));
/** A pipeline name: 3 to 40 characters, ending in a letter or digit. */
const pipelineName = fc.stringMatching(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/);

const OS = [
  { os: 'amazon-linux-2023', family: 'linux', patch: 'AMAZON_LINUX_2023' },
  { os: 'ubuntu-24.04', family: 'linux', patch: 'UBUNTU' },
  { os: 'rhel-9', family: 'linux', patch: 'REDHAT_ENTERPRISE_LINUX' },
  { os: 'windows-server-2022', family: 'windows', patch: 'WINDOWS' },
] as const;

const MANAGED = {
  linux: ['update-linux', 'stig-build-linux-high', 'stig-build-linux-medium'],
  windows: ['update-windows', 'stig-build-windows-high'],
};
const TESTS = { linux: 'reboot-test-linux', windows: 'reboot-test-windows' };

/** Patch approval rules AWS accepts for each OS family (Debian-like systems have no release-date delay). */
function baselineRules(os: string, expedite: boolean, days: number): object[] {
  if (os === 'UBUNTU')
    return [
      { priority: ['Required', 'Important'], section: ['*'], complianceLevel: 'CRITICAL', expedite },
      { priority: ['Standard'], section: ['*'], complianceLevel: 'MEDIUM' },
    ];
  if (os === 'WINDOWS')
    return [
      {
        classification: ['CriticalUpdates', 'SecurityUpdates'],
        severity: ['Critical', 'Important'],
        approveAfterDays: 0,
        complianceLevel: 'CRITICAL',
        expedite,
      },
      { classification: ['Updates'], approveAfterDays: days, complianceLevel: 'LOW' },
    ];
  return [
    {
      classification: ['Security'],
      severity: ['Critical', 'Important'],
      approveAfterDays: 0,
      complianceLevel: 'CRITICAL',
      expedite,
    },
    { classification: ['Bugfix'], approveAfterDays: days, complianceLevel: 'MEDIUM' },
  ];
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];
/** The members of `xs` whose bit is set in `mask`. */
const subset = <T>(xs: readonly T[], mask: number): T[] => xs.filter((_, i) => (mask >> i) & 1);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The random choices a profile is built from; `build` turns them into a profile object. */
const planArb = fc.record({
  orgId: fc.stringMatching(/^[a-z0-9]{10}$/),
  root: fc.stringMatching(/^[a-z0-9]{4}$/),
  regionMask: fc.integer({ min: 1, max: 15 }),
  home: fc.nat(),
  ouNames: fc.uniqueArray(fc.oneof(name(12), name(63)), { maxLength: 5 }),
  ouParents: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
  accounts: fc
    .uniqueArray(
      fc.record({
        alias: fc.oneof(name(20), name(63)),
        id: fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => String(n).padStart(12, '0')),
        ou: fc.nat(),
        exposure: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
        regionMask: fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 6, selector: (a) => a.alias },
    )
    .filter((as) => new Set(as.map((a) => a.id)).size === as.length),
  management: fc.nat(),
  backend: fc.nat({ max: 2 }),
  tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9:-]{0,15}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  inspector: fc.option(fc.record({ admin: fc.nat(), types: fc.integer({ min: 1, max: 15 }) }), { nil: undefined }),
  factory: fc.option(
    fc.record({
      account: fc.nat(),
      build: fc.nat(),
      email: fc.boolean(),
      pipelines: fc.uniqueArray(
        fc.record({
          name: pipelineName,
          os: fc.nat(),
          arm: fc.boolean(),
          parent: fc.nat({ max: 2 }),
          components: fc.integer({ min: 1, max: 7 }),
          file: fc.boolean(),
          cron: fc.nat(),
          zone: fc.nat(),
          regionMask: fc.nat(),
          share: fc.nat({ max: 3 }),
          shareMask: fc.integer({ min: 1, max: 63 }),
          copyMask: fc.nat({ max: 63 }),
          keep: fc.integer({ min: 1, max: 10 }),
          deprecate: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
          deleteExtra: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3, selector: (p) => p.name },
      ),
    }),
    { nil: undefined },
  ),
  patching: fc.option(
    fc.record({
      ouMask: fc.nat({ max: 31 }),
      accountMask: fc.nat({ max: 63 }),
      osMask: fc.integer({ min: 1, max: 15 }),
      expediteRule: fc.boolean(),
      days: fc.integer({ min: 1, max: 30 }),
      rings: fc.uniqueArray(
        fc.record({
          name: fc.oneof(name(10), name(63)),
          cron: fc.nat(),
          zone: fc.nat(),
          hours: fc.integer({ min: 2, max: 8 }),
          offset: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3, selector: (r) => r.name },
      ),
      expedite: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
      override: fc.option(fc.record({ account: fc.nat(), ring: fc.nat(), cron: fc.nat() }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  exemptions: fc.array(
    fc.record({
      account: fc.nat(),
      pipeline: fc.boolean(),
      approvedAgo: fc.integer({ min: 0, max: 300 }),
      slack: fc.integer({ min: 1, max: 200 }),
      expiresIn: fc.integer({ min: 31, max: 700 }),
      risk: fc.nat({ max: 3 }),
    }),
    { maxLength: 3 },
  ),
});

/** The value type of an arbitrary. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type Plan = ValueOf<typeof planArb>;

export interface GeneratedProfile {
  readonly profile: Record<string, any>;
  /** Whether some pipeline names components/base.yaml, which must exist beside the profile. */
  readonly componentFile: boolean;
}

/** Turns random choices into a profile the loader must accept. */
export function build(plan: Plan): GeneratedProfile {
  const regions = subset(REGIONS, plan.regionMask);
  const homeRegion = pick(regions, plan.home);
  const ous: Record<string, any> = {};
  plan.ouNames.forEach((n, i) => {
    // A parent among the OUs defined before it, so the tree never has a cycle.
    const p = plan.ouParents[i] % (i + 1);
    ous[n] = { id: `ou-${plan.root}-${String(i).padStart(8, '0')}`, ...(p < i ? { parent: plan.ouNames[p] } : {}) };
  });
  const ouNames = Object.keys(ous);
  const accounts: Record<string, any> = {};
  const own = new Map<string, string[]>();
  for (const a of plan.accounts) {
    const acct: Record<string, any> = { id: a.id };
    if (ouNames.length && a.ou % (ouNames.length + 1) < ouNames.length) acct.ou = ouNames[a.ou % (ouNames.length + 1)];
    if (a.exposure !== undefined) acct.exposure = EXPOSURES[a.exposure];
    const mine = a.regionMask === undefined ? [] : subset(regions, a.regionMask);
    if (mine.length) {
      acct.regions = mine;
      own.set(a.alias, mine);
    }
    accounts[a.alias] = acct;
  }
  const aliases = plan.accounts.map((a) => a.alias);
  const management = pick(aliases, plan.management);
  const regionsOf = (alias: string) => own.get(alias) ?? regions;

  const profile: Record<string, any> = {
    version: 1,
    organization: {
      id: `o-${plan.orgId}`,
      rootId: `r-${plan.root}`,
      deploymentRole: 'PatchlineDeploy',
      managementAccount: management,
      homeRegion,
      regions,
      organizationalUnits: ous,
      accounts,
    },
    terraform: {
      backend: [
        { local: { directory: 'state' } },
        { s3: { bucket: `state-${plan.orgId}`, region: homeRegion, keyPrefix: 'pl/' } },
        { cloud: { organization: 'acme', workspacePrefix: 'pl-' } },
      ][plan.backend],
      defaultTags: plan.tags,
    },
  };

  if (plan.inspector) {
    const members = aliases.filter((a) => a !== management);
    const admin = pick(members, plan.inspector.admin);
    // The delegated administrator administers every region; Lambda code scanning needs Lambda scanning.
    delete accounts[admin].regions;
    own.delete(admin);
    const types = subset(['ec2', 'ecr', 'lambda', 'lambda-code'], plan.inspector.types);
    profile.inspector = {
      delegatedAdmin: admin,
      autoEnable: types.includes('lambda-code') && !types.includes('lambda') ? ['lambda', ...types] : types,
    };
  }

  let componentFile = false;
  const pipelineNames: string[] = [];
  if (plan.factory) {
    const f = plan.factory;
    const factory = pick(aliases, f.account);
    const buildRegion = pick(regions, f.build);
    const pipelines: Record<string, any> = {};
    for (const p of f.pipelines) {
      const os = pick(OS, p.os);
      const fam = os.family;
      const comps: object[] = subset(MANAGED[fam], p.components).map((aws) => ({ aws }));
      if (!comps.length) comps.push({ aws: MANAGED[fam][0] });
      if (p.file && fam === 'linux') {
        comps.push({ file: 'components/base.yaml' });
        componentFile = true;
      }
      const distRegions = [
        buildRegion,
        ...subset(
          regions.filter((r) => r !== buildRegion),
          p.regionMask,
        ),
      ];
      const others = aliases.filter((a) => a !== factory);
      const distribution: Record<string, any> = { regions: distRegions };
      if (p.share === 1) distribution.shareWith = { organization: true };
      if (p.share === 2 && ouNames.length)
        distribution.shareWith = {
          organizationalUnits: subset(ouNames, p.shareMask).length ? subset(ouNames, p.shareMask) : [ouNames[0]],
        };
      if (p.share === 3 && others.length)
        distribution.shareWith = {
          accounts: subset(others, p.shareMask).length ? subset(others, p.shareMask) : [others[0]],
        };
      // Copies only to accounts that use every distribution region.
      const copy = subset(others, p.copyMask).filter((a) => distRegions.every((r) => regionsOf(a).includes(r)));
      if (copy.length) distribution.copyTo = copy;
      distribution.parameter = `/golden/${p.name}/latest`;
      const retention: Record<string, any> = { keepLatest: p.keep };
      if (p.deprecate !== undefined) retention.deprecateAfterDays = p.deprecate;
      if (p.deleteExtra !== undefined) retention.deleteAfterDays = (p.deprecate ?? 0) + p.deleteExtra;
      pipelines[p.name] = {
        os: os.os,
        architecture: fam === 'windows' || !p.arm ? 'x86_64' : 'arm64',
        parentImage: [
          { ssm: `/aws/service/parent/${p.name}` },
          { ami: 'ami-0123456789abcdef0' },
          { name: fam === 'windows' ? 'windows-server-2022-english-full-base-x86' : 'amazon-linux-2023-x86' },
        ][p.parent],
        components: comps,
        tests: [{ aws: TESTS[fam] }],
        schedule: { cron: pick(CRONS, p.cron), timezone: pick(ZONES, p.zone) },
        distribution,
        retention,
      };
      pipelineNames.push(p.name);
    }
    profile.imageFactory = {
      account: factory,
      buildRegion,
      ...(f.email ? { notifications: { email: 'platform@example.com' } } : {}),
      pipelines,
    };
  }

  if (plan.patching) {
    const p = plan.patching;
    const targetOus = subset(ouNames, p.ouMask);
    const targetAccounts = subset(aliases, p.accountMask);
    const targets =
      targetOus.length || targetAccounts.length
        ? {
            ...(targetOus.length ? { organizationalUnits: targetOus } : {}),
            ...(targetAccounts.length ? { accounts: targetAccounts } : {}),
          }
        : { accounts: [aliases[0]] };
    const baselines: Record<string, any> = {};
    for (const os of subset(
      OS.map((o) => o.patch),
      p.osMask,
    ))
      baselines[os.toLowerCase().replace(/_/g, '-')] = { os, rules: baselineRules(os, p.expediteRule, p.days) };
    const rings: Record<string, any> = {};
    // With an expedite lane (01:00-03:00 UTC), rings run in UTC from 03:30 to at most 20:00, so they never overlap
    // it (the loader refuses a lane open while a ring it patches is).
    const lane = p.expedite !== undefined;
    const crons = lane ? LANE_SAFE_CRONS : CRONS;
    for (const r of p.rings)
      rings[r.name] = {
        schedule: pick(crons, r.cron),
        timezone: lane ? 'UTC' : pick(ZONES, r.zone),
        duration: `${r.hours}h`,
        cutoff: '1h',
        maxConcurrency: '10%',
        maxErrors: '5%',
        ...(r.offset ? { offsetDays: r.offset } : {}),
      };
    profile.patching = { targets, ringTag: 'PatchRing', baselines, rings, scan: { schedule: 'rate(1 day)' } };
    if (p.expedite !== undefined)
      profile.patching.expedite = {
        exposures: subset(EXPOSURES, p.expedite),
        schedule: 'cron(0 1 * * ? *)',
        timezone: 'UTC',
        duration: '2h',
        cutoff: '30m',
        maxConcurrency: '10%',
        maxErrors: '5%',
      };
    if (p.override) {
      // Overrides only for accounts patching targets (the loader refuses others).
      const inOu = (ou?: string): boolean => !!ou && (targetOus.includes(ou) || inOu(ous[ou]?.parent));
      const targetted = aliases.filter(
        (a) => ((targets as { accounts?: string[] }).accounts ?? []).includes(a) || inOu(accounts[a].ou),
      );
      if (targetted.length) {
        const account = pick(targetted, p.override.account);
        profile.patching.accountOverrides = {
          [account]: { rings: { [pick(p.rings, p.override.ring).name]: { schedule: pick(crons, p.override.cron) } } },
        };
      }
    }
  }

  if (plan.exemptions.length) {
    profile.exemptions = plan.exemptions.map((e, i) => {
      const approvedOn = addDays(AS_OF, -e.approvedAgo);
      const scope =
        e.pipeline && pipelineNames.length
          ? { pipeline: pick(pipelineNames, e.account) }
          : { account: pick(aliases, e.account), tags: { app: 'legacy' } };
      return {
        id: `EXC-2026-${String(i + 1).padStart(3, '0')}`,
        title: 'A legacy system',
        category: 'legacy-system',
        scope,
        waives: ['patch-timeframe'],
        justification: 'Vendor support ends next year.',
        compensatingControls: ['Isolated subnet'],
        risk: ['low', 'medium', 'high', 'extreme'][e.risk],
        ...(e.risk >= 2 ? { approvedBy: 'ciso@example.com' } : {}),
        approvedOn,
        // Not yet expired, and the next review (approval + cycle) not yet due: a future date relative to AS_OF.
        expires: addDays(AS_OF, e.expiresIn),
        reviewEvery: `${e.approvedAgo + e.slack}d`,
      };
    });
  }
  return { profile, componentFile };
}

export const profileArb: fc.Arbitrary<GeneratedProfile> = planArb.map(build);

export const COMPONENT =
  'name: base\ndescription: Test component\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: hello\n        action: ExecuteBash\n        inputs:\n          commands: [echo hello]\n';

/** Writes the profile (and the component file it names) into a fresh directory; returns the profile path. */
export function writeProfile(g: GeneratedProfile | Record<string, any>, text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-prop-'));
  mkdirSync(join(dir, 'components'));
  writeFileSync(join(dir, 'components', 'base.yaml'), COMPONENT);
  const file = join(dir, 'profile.yaml');
  writeFileSync(file, text ?? stringify('profile' in g ? g.profile : g));
  return file;
}

/** YAML alias bombs: a loader that expands aliases naively runs out of memory on these. */
export const BOMBS = [
  // Billion laughs: nine aliases of nine aliases of ... of a nine-item list.
  ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
    .map(
      (n, i, all) =>
        `${n}: &${n} [${
          i === 0
            ? Array(9).fill('"lol"').join(',')
            : Array(9)
                .fill(`*${all[i - 1]}`)
                .join(',')
        }]`,
    )
    .join('\n') + '\n',
  // Many aliases of one big anchor.
  `big: &big [${Array(500).fill('"x"').join(',')}]\n` +
    Array.from({ length: 300 }, (_, i) => `k${i}: *big`).join('\n') +
    '\n',
];

/** A shuffled copy: same maps with their keys in another order (lists keep theirs: order may mean something). */
export function shuffleKeys(v: any, rnd: () => number): any {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rnd));
  if (!v || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return Object.fromEntries(keys.map((k) => [k, shuffleKeys(v[k], rnd)]));
}

/**
 * Fixed seed and modest run counts keep `npm test` reproducible and fast; explore further with
 * PROPERTY_SEED=random (or a number) and PROPERTY_RUNS=<multiplier>. A failure prints its seed and path.
 */
export const SEED = process.env.PROPERTY_SEED === 'random' ? undefined : Number(process.env.PROPERTY_SEED ?? 20261124);
export const runs = (n: number) => n * Number(process.env.PROPERTY_RUNS ?? 1);
