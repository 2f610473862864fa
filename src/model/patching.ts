// The patching capability as the stacks and the compliance engine read it: the profile's patching section with
// every default applied, ring and lane time zones resolved, baselines turned into Patch Manager's specs, and the
// target accounts resolved (OUs nested included), each computed once.
import { baselineSpecs, hasExpediteRules, type BaselineSpec } from '../patching/baselines';
import type { Baseline, PatchlineOrgProfile as Profile, Rule } from '../profile/profile.generated';
import { DEFAULT_TIMEZONE } from './defaults';
import type { Account } from '.';

type Patching = NonNullable<Profile['patching']>;
/** A baseline and its approval rules as the profile writes them: the timing and the report read them so. */
export type { Baseline as StatedBaseline, Rule as StatedRule };
type WithZone<T> = Omit<T, 'timezone'> & { readonly timezone: string };
export type RingSettings = WithZone<Patching['rings'][string]>;
export type ExpediteSettings = WithZone<NonNullable<Patching['expedite']>>;
export type ExploitLaneSettings = NonNullable<Patching['exploitLane']>;
export type RingOverrides = Readonly<Record<string, Partial<RingSettings>>>;

export interface PatchingSpec {
  /** The tag whose value names an instance's ring. */
  readonly ringTag: string;
  /** Ring names, sorted. */
  readonly ringNames: readonly string[];
  /** Ring settings by name, time zone resolved. */
  readonly rings: Readonly<Record<string, RingSettings>>;
  /** Per-account ring overrides, by account ID. */
  readonly ringOverrides: ReadonlyMap<string, RingOverrides>;
  /** The profile's baselines as Patch Manager specs, sorted by key. */
  readonly baselines: readonly BaselineSpec[];
  /** The profile's baselines by name, rules as written (the timing reads priorities and dates from them). */
  readonly baselineRules: Readonly<Record<string, Baseline>>;
  /** Some baseline has a rule marked expedite (else neither lane would install anything). */
  readonly hasExpediteRules: boolean;
  readonly expedite?: ExpediteSettings;
  readonly exploitLane?: ExploitLaneSettings;
  readonly scan: { readonly schedule: string; readonly inventorySchedule: string };
  /** Who collects inventory: Patchline's association, or one the organization already runs. */
  readonly inventory: 'patchline' | 'existing';
  readonly logRetentionDays: number;
  /** Accounts that get patching: the targeted OUs (nested included) and accounts, sorted by ID. */
  readonly targets: readonly Account[];
}

/** What resolving references needs from the organization. */
export interface OrgLookup {
  account(alias: string): Account;
  accountsInOu(ou: string): readonly Account[];
}

export function patchingSpec(p: Patching, org: OrgLookup): PatchingSpec {
  const zoned = <T extends { timezone?: string }>(w: T) => ({ ...w, timezone: w.timezone ?? DEFAULT_TIMEZONE });
  const targets = new Map<string, Account>();
  for (const ou of p.targets?.organizationalUnits ?? []) for (const a of org.accountsInOu(ou)) targets.set(a.id, a);
  for (const alias of p.targets?.accounts ?? []) targets.set(org.account(alias).id, org.account(alias));
  const baselines = baselineSpecs(p.baselines);
  return {
    ringTag: p.ringTag,
    ringNames: Object.keys(p.rings).sort(),
    rings: Object.fromEntries(Object.entries(p.rings).map(([name, r]) => [name, zoned(r)])),
    ringOverrides: new Map(
      Object.entries(p.accountOverrides ?? {}).map(([alias, o]) => [org.account(alias).id, o.rings ?? {}]),
    ),
    baselines,
    baselineRules: p.baselines,
    hasExpediteRules: hasExpediteRules(baselines),
    expedite: p.expedite && zoned(p.expedite),
    exploitLane: p.exploitLane,
    scan: { schedule: p.scan.schedule, inventorySchedule: p.scan.inventorySchedule },
    inventory: p.inventory,
    logRetentionDays: p.logRetentionDays,
    targets: [...targets.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}
