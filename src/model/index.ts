// The one resolved model the stacks and the compliance engine read, built only from a valid profile: the
// organization (accounts, OUs, regions) and one spec per capability, defaults applied once, references resolved,
// component documents loaded. Nothing below the loader sees the profile itself.
import type { Exemption, PatchlineOrgProfile as Profile } from '../profile/profile.generated';
import { DEFAULT_LOCAL_STATE_DIRECTORY } from './defaults';
import { accountCredentials, managementCredentials, type ProviderCredentials } from './credentials';
import { evidenceSettings, type EvidenceSettings } from './evidence';
import { imageFactorySpec, type ImageFactorySpec } from './image-factory';
import { inspectorSpec, type InspectorSpec } from './inspector';
import { layoutStacks, type StackSpec } from './layout';
import { patchingSpec, type PatchingSpec } from './patching';

/** An approved exception, as the profile records it (the report and the assessment quote it). */
export type { Exemption };

export type Exposure = 'internet-facing' | 'internal' | 'workstation';

export interface Account {
  /** Profile name; cosmetic, never part of a state key or resource address. */
  readonly alias: string;
  readonly id: string;
  readonly ou?: string;
  readonly exposure: Exposure;
  /** The account's regions, sorted. */
  readonly regions: readonly string[];
}

export interface OrganizationalUnit {
  readonly name: string;
  readonly id: string;
  readonly parent?: string;
}

export type Backend =
  | { readonly kind: 'local'; readonly directory: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly keyPrefix: string;
      readonly useLockfile: boolean;
      readonly kmsKeyId?: string;
      readonly roleArn?: string;
    }
  | {
      readonly kind: 'cloud';
      readonly organization: string;
      readonly project?: string;
      readonly workspacePrefix: string;
      readonly hostname: string;
    };

export interface OrgModel {
  /** Absolute path of the profile, and the directory relative paths in it resolve from. */
  readonly file: string;
  readonly baseDir: string;
  /** The date the profile was assessed as of (YYYY-MM-DD). */
  readonly asOf: string;
  readonly orgId: string;
  readonly rootId: string;
  readonly deploymentRole: string;
  /** The CI identity trusted by each account's read-only plan role; no plan role without it. */
  readonly planPrincipal?: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly management: Account;
  /** Every account, sorted by account ID so profile order never matters. */
  readonly accounts: readonly Account[];
  readonly ous: ReadonlyMap<string, OrganizationalUnit>;
  readonly backend: Backend;
  readonly defaultTags: Readonly<Record<string, string>>;
  /** The assessment's framework, edition, target maturity and whether synthesis enforces it. */
  readonly compliance: Compliance;
  /** Exemptions in profile order. */
  readonly exemptions: readonly Exemption[];
  /** How Terraform reaches the management account. */
  readonly managementAccess: ProviderCredentials;
  readonly imageFactory?: ImageFactorySpec;
  readonly patching?: PatchingSpec;
  readonly inspector?: InspectorSpec;
  /** Where observed evidence is collected; undefined when it is off. */
  readonly evidence?: EvidenceSettings;
  /** Every stack the model produces, in deploy-safe order (computed on first use: validate never needs it). */
  readonly stacks: readonly StackSpec[];
  /** The credentials every provider of a stack in `account` uses. */
  credentials(account: Account): ProviderCredentials;
  account(alias: string): Account;
  accountById(id: string): Account;
  /** Accounts in the OU or any OU below it, sorted by ID. */
  accountsInOu(ou: string): readonly Account[];
  /** The OU's `aws:PrincipalOrgPaths` value, e.g. o-abc/r-ab12/ou-ab12-11111111/. */
  ouPath(ou: string): string;
}

const byId = (a: Account, b: Account) => a.id.localeCompare(b.id);

export type Compliance = Profile['compliance'];

/**
 * What a model is built from: plain data a thread can be sent (the model holds functions), from which
 * buildModel builds the same model again. A synthesis worker gets it instead of reading the profile again.
 */
export interface ModelSource {
  /** The validated profile, schema defaults filled. */
  readonly profile: Profile;
  readonly file: string;
  readonly baseDir: string;
  readonly asOf: string;
  /** Component files the checks already read, by absolute path, so none is read twice. */
  readonly documents: ReadonlyMap<string, string>;
}

/** The model of a validated profile. */
export function buildModel({ profile, file, baseDir, asOf, documents }: ModelSource): OrgModel {
  const org = profile.organization;
  // Region lists carry no order meaning; sorting keeps output stable when a profile reorders them.
  const regions = [...org.regions].sort();
  const ous = new Map<string, OrganizationalUnit>(
    Object.entries(org.organizationalUnits ?? {}).map(([name, ou]) => [name, { name, id: ou.id, parent: ou.parent }]),
  );
  const accounts = Object.entries(org.accounts)
    .map(([alias, a]): Account => {
      const own = a.regions ? new Set(a.regions) : undefined;
      return {
        alias,
        id: a.id,
        ou: a.ou,
        exposure: a.exposure as Exposure,
        regions: regions.filter((r) => !own || own.has(r)),
      };
    })
    .sort(byId);
  const byAlias = new Map(accounts.map((a) => [a.alias, a]));
  const byIdMap = new Map(accounts.map((a) => [a.id, a]));
  const inOu = new Map<string, readonly Account[]>();
  // Children per OU, so nested lookups are linear in the OU tree rather than quadratic.
  const children = new Map<string, string[]>();
  for (const ou of ous.values()) if (ou.parent) children.set(ou.parent, [...(children.get(ou.parent) ?? []), ou.name]);
  const accountsByOu = new Map<string, Account[]>();
  for (const a of accounts) if (a.ou) accountsByOu.set(a.ou, [...(accountsByOu.get(a.ou) ?? []), a]);
  const subtree = (ou: string): string[] => [ou, ...(children.get(ou) ?? []).flatMap(subtree)];

  const b = profile.terraform?.backend;
  const backend: Backend = b?.s3
    ? {
        kind: 's3',
        bucket: b.s3.bucket,
        region: b.s3.region,
        keyPrefix: b.s3.keyPrefix,
        useLockfile: b.s3.useLockfile,
        kmsKeyId: b.s3.kmsKeyId,
        roleArn: b.s3.roleArn,
      }
    : b?.cloud
      ? {
          kind: 'cloud',
          organization: b.cloud.organization,
          project: b.cloud.project,
          workspacePrefix: b.cloud.workspacePrefix,
          hostname: b.cloud.hostname,
        }
      : { kind: 'local', directory: b?.local?.directory ?? DEFAULT_LOCAL_STATE_DIRECTORY };

  let stacks: readonly StackSpec[] | undefined;
  const model: OrgModel = {
    file,
    baseDir,
    asOf,
    orgId: org.id,
    rootId: org.rootId,
    deploymentRole: org.deploymentRole,
    planPrincipal: profile.terraform?.planPrincipal,
    homeRegion: org.homeRegion,
    regions,
    management: byAlias.get(org.managementAccount)!,
    accounts,
    ous,
    backend,
    defaultTags: profile.terraform?.defaultTags ?? {},
    compliance: profile.compliance,
    exemptions: profile.exemptions ?? [],
    managementAccess: managementCredentials(org.managementAccess),
    get stacks() {
      return (stacks ??= layoutStacks(model));
    },
    credentials: (account) => accountCredentials(model, account),
    accountById: (id) => {
      const a = byIdMap.get(id);
      if (!a) throw new Error(`unknown account ID ${id}`); // unreachable: IDs come from resolved aliases
      return a;
    },
    account: (alias) => {
      const a = byAlias.get(alias);
      if (!a) throw new Error(`unknown account ${alias}`); // unreachable after the loader's checks
      return a;
    },
    // Remembered per OU: the assessment asks once per account and pipeline (quadratic at 1,000 accounts otherwise).
    accountsInOu: (ou) =>
      inOu.get(ou) ??
      inOu
        .set(
          ou,
          subtree(ou)
            .flatMap((o) => accountsByOu.get(o) ?? [])
            .sort(byId),
        )
        .get(ou)!,
    ouPath: (ou) => {
      const ids: string[] = [];
      for (let o: string | undefined = ou; o; o = ous.get(o)?.parent) ids.unshift(ous.get(o)!.id);
      return `${org.id}/${org.rootId}/${ids.join('/')}/`;
    },
  };
  // Capabilities resolve against the organization above, each once.
  const capabilities = model as { -readonly [K in keyof OrgModel]: OrgModel[K] };
  if (profile.imageFactory) capabilities.imageFactory = imageFactorySpec(profile.imageFactory, model, documents);
  if (profile.patching) capabilities.patching = patchingSpec(profile.patching, model);
  if (profile.inspector)
    capabilities.inspector = inspectorSpec(profile.inspector, model.account(profile.inspector.delegatedAdmin));
  capabilities.evidence = evidenceSettings(profile, model);
  return model;
}
