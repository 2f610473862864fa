// Incremental synthesis: which stacks of the previous output can be kept as they are.
//
// Every stack has an input key: a hash of what its stack class reads, plus the generator version; a stack whose
// key and name are unchanged is linked from the previous output. What a stack reads (stacks/<concern>-stack.ts):
// - all: its spec (account, regions, dependencies and their names, which cdktf's manifest lists), its provider
//   credentials, the backend and the default tags (stacks/account-stack.ts);
// - a per-account stack (patching, plan-access, image-consumer): the model's capabilities (accounts by ID) and
//   the account roster. Its constructor never reads another account's settings;
// - an organization-wide stack: the slice of the model in SLICES, listed from its stack class. A slice that
//   leaves out something the class reads is a correctness bug (incremental output must equal a full synth):
//   when in doubt, a slice holds the raw fields a class reads, not what it computes from them.
// The date the profile is assessed as of is not an input: no stack reads it (test/synth-incremental.test.ts).
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { specKey, specName, type StackSpec } from '../model/layout';
import type { Concern } from '../naming';
import { PACKAGE_ROOT } from '../package-root';
import type { OrgModel } from '../model';
import { ramSharingWithOrganizationNeeded } from '../model/management';

/** Written into the output beside stacks.json: each stack's input key, for the next run. */
export const INPUTS_FILE = 'inputs.json';

/** Concerns whose stacks depend only on their own account and the shared sections of the profile. */
const PER_ACCOUNT: ReadonlySet<Concern> = new Set<Concern>(['patching', 'plan-access', 'image-consumer']);

/** The evidence settings as stacks read them (addEvidenceSources, EvidenceStack). */
const evidenceSlice = (m: OrgModel) => m.evidence && { ...m.evidence, account: m.evidence.account.id };

/**
 * What each organization-wide stack class reads of the model beyond its spec. Its own account (alias, ID, OU,
 * exposure, regions) is in every key.
 */
const SLICES: Readonly<
  Record<Exclude<Concern, 'patching' | 'plan-access' | 'image-consumer'>, (m: OrgModel) => unknown>
> = {
  // InspectorDelegationStack: the delegated administrator in each region; RAM sharing with the organization.
  'inspector-delegation': (m) => ({
    admin: m.inspector?.admin.id ?? null,
    ramSharing: ramSharingWithOrganizationNeeded(m),
  }),
  // InspectorStack: the administrator and scan types; per region the accounts that declare it (members), and
  // the internet-facing accounts (findings filter): every account's ID, regions and exposure.
  inspector: (m) => ({
    admin: m.inspector?.admin.id ?? null,
    scanTypes: m.inspector?.scanTypes ?? null,
    accounts: m.accounts.map((a) => ({ id: a.id, regions: a.regions, exposure: a.exposure })),
  }),
  // EvidenceStack: the evidence settings and the organization ID (bucket and alert topic policies).
  evidence: (m) => ({ evidence: evidenceSlice(m) ?? null, orgId: m.orgId }),
  // ImageFactoryStack: the image factory (pipelines, component documents, network, email), the organization ID
  // (key policy) and the evidence settings (failed-build forwarding).
  'image-factory': (m) => ({
    imageFactory: m.imageFactory ?? null,
    orgId: m.orgId,
    evidence: evidenceSlice(m) ?? null,
  }),
};

export interface InputsRecord {
  readonly version: 1;
  /** Stack key → input key and the stack's folder name, for the stacks that can be reused. */
  readonly stacks: Readonly<Record<string, { readonly inputs: string; readonly name: string; readonly hash: string }>>;
}

/** Source folders and files whose content is the generator; with the versions of the libraries that write the JSON. */
const GENERATOR_SOURCES = ['main.ts', 'src', 'stacks', 'schemas'];
const GENERATOR_PACKAGES = ['cdktf', '@cdktf/provider-aws', 'constructs'];

let cachedVersion: string | undefined;

/** sha256 over every generator source file (path and content) and the libraries' versions. */
export function generatorVersion(root = PACKAGE_ROOT): string {
  if (root === PACKAGE_ROOT && cachedVersion) return cachedVersion;
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs).sort()) walk(join(rel, name));
    else if (/\.(ts|json)$/.test(rel)) h.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
  };
  for (const rel of GENERATOR_SOURCES) walk(rel);
  for (const pkg of GENERATOR_PACKAGES) {
    const file = join(root, 'node_modules', pkg, 'package.json');
    h.update(`${pkg}@${existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'missing'}\0`);
  }
  const v = h.digest('hex');
  if (root === PACKAGE_ROOT) cachedVersion = v;
  return v;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * JSON with map keys sorted and lists of plain values sorted: the orders the generator's output never depends on
 * (test/stacks.test.ts, "reordering accounts, OUs and unordered lists changes nothing"), so that a reordered
 * profile keeps its keys and inputs.json stays byte-identical. Lists of maps keep their order.
 */
function canonical(v: unknown): string {
  if (Array.isArray(v)) {
    const items: string[] = [];
    let plain = true;
    for (const x of v) {
      items.push(canonical(x));
      if (x !== null && typeof x === 'object') plain = false;
    }
    return `[${(plain ? items.sort() : items).join(',')}]`;
  }
  if (v && typeof v === 'object') {
    // A Map's or Set's entries are not its keys: an input held in one would silently never change a key.
    if (v instanceof Map || v instanceof Set)
      throw new Error('an input key cannot hold a Map or Set: list its entries');
    const o = v as Record<string, unknown>;
    let out = '';
    for (const k of Object.keys(o).sort())
      if (o[k] !== undefined) out += `${out ? ',' : ''}${JSON.stringify(k)}:${canonical(o[k])}`;
    return `{${out}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Input keys of every stack. */
export function inputKeys(model: OrgModel, specs: readonly StackSpec[], generator: string): Map<string, string> {
  // The capabilities as every stack sees them, with accounts by ID: one account's settings are its own stack's input.
  const p = model.patching;
  const shared = sha(
    canonical({
      generator,
      capabilities: {
        compliance: model.compliance,
        exemptions: model.exemptions,
        managementAccess: model.managementAccess,
        imageFactory: model.imageFactory,
        patching: p && { ...p, targets: p.targets.map((a) => a.id), ringOverrides: undefined },
        inspector: model.inspector && { ...model.inspector, admin: model.inspector.admin.id },
        evidence: evidenceSlice(model),
      },
      roster: model.accounts.map((a) => ({ alias: a.alias, id: a.id, ou: a.ou ?? null })),
      model: {
        orgId: model.orgId,
        rootId: model.rootId,
        deploymentRole: model.deploymentRole,
        planPrincipal: model.planPrincipal ?? null,
        homeRegion: model.homeRegion,
        regions: model.regions,
        management: model.management,
        backend: model.backend,
        defaultTags: model.defaultTags,
        ous: [...model.ous.values()].sort((a, b) => a.name.localeCompare(b.name)),
      },
    }),
  );
  // What every organization-wide stack reads through AccountStack, besides its spec.
  const base = { generator, backend: model.backend, defaultTags: model.defaultTags, homeRegion: model.homeRegion };
  const names = new Map(specs.map((s) => [specKey(s), specName(s)]));
  const slices = new Map<Concern, string>();
  const targets = new Set(p?.targets.map((a) => a.id));
  const keys = new Map<string, string>();
  for (const s of specs) {
    if (PER_ACCOUNT.has(s.concern)) {
      const own = { ringOverrides: p?.ringOverrides.get(s.account.id) ?? null, target: targets.has(s.account.id) };
      keys.set(
        specKey(s),
        sha(
          canonical({
            shared,
            concern: s.concern,
            name: specName(s),
            account: s.account,
            own,
            regions: s.regions,
            dependsOn: s.dependsOn,
          }),
        ),
      );
      continue;
    }
    const concern = s.concern as keyof typeof SLICES;
    let slice = slices.get(concern);
    if (slice === undefined) slices.set(concern, (slice = sha(canonical({ ...base, slice: SLICES[concern](model) }))));
    keys.set(
      specKey(s),
      sha(
        canonical({
          slice,
          concern,
          name: specName(s),
          account: s.account,
          credentials: model.credentials(s.account),
          // In order (canonical() sorts plain lists): the first region holds global resources.
          regions: s.regions.join(' '),
          // In order, with their names: the cdktf manifest lists a stack's dependencies by name.
          dependsOn: s.dependsOn.map((k) => ({ key: k, name: names.get(k) ?? null })),
        }),
      ),
    );
  }
  return keys;
}

export function readInputs(outdir: string): InputsRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(join(outdir, INPUTS_FILE), 'utf8')) as InputsRecord;
    return r.version === 1 ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The specs whose previous output can be kept: same input key and folder name, and `available` (its files and
 * cdktf manifest entry are there). A rebuilt stack's dependencies may be kept: synthesize() builds it without
 * them and lists them in the cdktf manifest itself.
 */
export function reusable(
  specs: readonly StackSpec[],
  keys: ReadonlyMap<string, string>,
  previous: InputsRecord | undefined,
  available: (name: string) => boolean,
): Set<string> {
  const reuse = new Set<string>();
  if (!previous) return reuse;
  for (const s of specs) {
    const k = specKey(s);
    const was = previous.stacks[k];
    if (was && keys.get(k) === was.inputs && was.name === specName(s) && available(was.name)) reuse.add(k);
  }
  return reuse;
}

/** Removes from `reuse` every stack a rebuilt one depends on, transitively: they are built in the same cdktf App. */
export function rebuildDependencies(specs: readonly StackSpec[], reuse: Set<string>): Set<string> {
  for (let changed = true; changed;) {
    changed = false;
    for (const s of specs)
      if (!reuse.has(specKey(s))) for (const d of s.dependsOn) changed = reuse.delete(d) || changed;
  }
  return reuse;
}
