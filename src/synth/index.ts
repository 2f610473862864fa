// Synthesis into a temporary directory, swapped in only when complete, plus the stack manifest.
import { createHash } from 'crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { specKey, specName, type StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { localStatePath, PLAN_ROLE, roleArn, stateKey, workspaceName } from '../naming';
import {
  generatorVersion,
  inputKeys,
  INPUTS_FILE,
  readInputs,
  rebuildDependencies,
  reusable,
  type InputsRecord,
} from './incremental';
import { alive, ownerlessTrash, removeTrash, toTrash, type Cleanup } from './cleanup';
import { synthesizeParallel } from './parallel';
import { defaultWorkers, type WorkerPool } from './worker-pool';

/**
 * cdktf and the App code (./app), loaded when first needed rather than with this module: a synthesis with
 * prestarted workers hands them their job first (parallel.ts), so they start on stacks while this thread loads it.
 */
const app = (): typeof import('./app') => require('./app');

export interface ManifestStack {
  readonly name: string;
  /** Stable identity: account ID/concern. */
  readonly key: string;
  readonly accountId: string;
  readonly alias: string;
  readonly concern: string;
  readonly regions: readonly string[];
  readonly backend: { readonly type: 'local' | 's3' | 'cloud'; readonly key: string };
  /** Keys of the stacks this one deploys after. */
  readonly dependsOn: readonly string[];
  /** sha256 of the stack's cdk.tf.json. */
  readonly hash: string;
  /** Present when the providers use the pipeline's own credentials (organization.managementAccess: ambient). */
  readonly credentials?: 'ambient';
  /** The account's read-only role for pull-request plans (with terraform.planPrincipal). */
  readonly planRoleArn?: string;
}

export interface StackManifest {
  readonly version: 1;
  /** The organization the stacks belong to; `patchline check` proves sharing and trust stay inside it. */
  readonly organization?: {
    readonly id: string;
    readonly managementAccountId?: string;
    readonly accountIds: readonly string[];
    readonly ouIds: readonly string[];
  };
  readonly stacks: readonly ManifestStack[];
}

export const MANIFEST_FILE = 'stacks.json';

export { APP_CONTEXT } from './app-context';

function backendKey(model: OrgModel, s: StackSpec): ManifestStack['backend'] {
  const b = model.backend;
  if (b.kind === 's3') return { type: 's3', key: stateKey(b.keyPrefix, s.account.id, s.concern) };
  if (b.kind === 'cloud') return { type: 'cloud', key: workspaceName(b.workspacePrefix, s.account.id, s.concern) };
  return { type: 'local', key: localStatePath(b.directory, s.account.id, s.concern) };
}

/**
 * Restores the previous output when an earlier swap was interrupted between its two renames, and removes
 * the temporary output of runs that were killed mid-synthesis (their process is gone) and the previous outputs
 * that no deleter owns any more (src/synth/cleanup.ts).
 */
function recover(outdir: string, cleanup: Cleanup): void {
  const dir = dirname(outdir);
  const prefix = `${basename(outdir)}.tmp-`;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isInteger(pid) && pid !== process.pid && !alive(pid))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
  removeTrash(ownerlessTrash(outdir), cleanup);
  const previous = `${outdir}.previous`;
  if (!existsSync(previous)) return;
  if (existsSync(outdir)) rmSync(previous, { recursive: true, force: true });
  else renameSync(previous, outdir);
}

export interface SynthOptions {
  /** Called with the complete temporary output just before the swap; tests fail synthesis here. */
  readonly beforeSwap?: (tmpDir: string) => void;
  /** Threads to synthesize with (the main one included): same output, sooner, for large organizations.
   * @default 1 below 200 stacks, else the available cores (at most 4) */
  readonly workers?: number;
  /** Move stack folders the new output no longer has into it: the cdktf CLI lists the folders before running
   * the app and deletes the orphans itself afterwards (it fails with ENOENT when they are already gone).
   * @default false */
  readonly keepOrphans?: boolean;
  /** Rebuild every stack, even those whose inputs are unchanged since the previous output in `outdir`.
   * @default false */
  readonly full?: boolean;
  /** The generator's version in input keys (tests change it).
   * @default a hash of the generator's sources and library versions */
  readonly generatorVersion?: string;
  /** Remove the previous output before returning ('wait'), or move it aside for a detached process to delete
   * ('background': the CLI, which then returns as soon as the new output is in place).
   * @default 'wait' */
  readonly cleanup?: Cleanup;
  /** Worker threads the command started before reading the profile (worker-pool.ts, prestartWorkers): used if
   * synthesis needs workers, else stopped.
   * @default none: synthesis starts its workers when it needs them */
  readonly pool?: WorkerPool;
}

/** Stacks written by the last synthesize() of this process: how many were rebuilt and how many kept (tests, bench). */
export const lastSynthStats = { built: 0, reused: 0 };

/**
 * Links (else copies) the reused stacks' files from the previous output and adds their cdktf manifest entries.
 * `dependencies`: the stacks built without some of their (kept) dependencies, and the names cdktf lists for them.
 */
function keepPrevious(
  target: string,
  tmp: string,
  names: readonly string[],
  previousManifest: { stacks: Record<string, unknown> } | undefined,
  dependencies: ReadonlyMap<string, readonly string[]>,
): void {
  if (!names.length && !dependencies.size) return;
  for (const name of names) {
    const from = join(target, 'stacks', name, 'cdk.tf.json');
    const to = join(tmp, 'stacks', name, 'cdk.tf.json');
    mkdirSync(dirname(to), { recursive: true });
    // A hard link costs no copy; the previous output is only ever deleted, never written in place.
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
  const { Manifest } = app();
  const built = JSON.parse(readFileSync(join(tmp, Manifest.fileName), 'utf8'));
  const manifest = new Manifest(built.version, tmp, false);
  Object.assign(manifest.stacks, built.stacks);
  for (const name of names) (manifest.stacks as Record<string, unknown>)[name] = previousManifest!.stacks[name];
  for (const [name, deps] of dependencies)
    (manifest.stacks[name] as { dependencies: string[] }).dependencies = [...deps];
  manifest.writeToFile();
}

function readManifest(outdir: string): { stacks: Record<string, unknown> } | undefined {
  try {
    return JSON.parse(readFileSync(join(outdir, app().Manifest.fileName), 'utf8'));
  } catch {
    return undefined;
  }
}

/** What terraform keeps in a stack folder between runs: carried into the new output as cdktf's in-place synth keeps it. */
const TERRAFORM_WORKING_FILES = ['.terraform.lock.hcl', '.terraform'];

/** Carries terraform's working files (and, with keepOrphans, whole orphaned stack folders) from the old output into the new one. */
function carryOver(target: string, tmp: string, written: ReadonlySet<string>, keepOrphans: boolean): void {
  const oldStacks = join(target, 'stacks');
  if (!existsSync(oldStacks)) return;
  for (const name of readdirSync(oldStacks)) {
    const from = join(oldStacks, name);
    const to = join(tmp, 'stacks', name);
    // `written`: the new output's stack folders (a thousand stat calls fewer at 1,000 accounts).
    if (!written.has(name)) {
      if (keepOrphans) renameSync(from, to);
      continue;
    }
    for (const f of TERRAFORM_WORKING_FILES) {
      if (!existsSync(join(from, f))) continue;
      // The lock file is copied (the old output stays whole until the swap); .terraform, a re-creatable cache of
      // provider plugins and modules, is moved rather than copied.
      if (f === '.terraform') renameSync(join(from, f), join(to, f));
      else copyFileSync(join(from, f), join(to, f));
    }
  }
}

/** Synthesizes every stack of the model into `outdir`, atomically. Returns the manifest. */
export function synthesize(model: OrgModel, outdir: string, opts: SynthOptions = {}): StackManifest {
  const target = resolve(outdir);
  const cleanup = opts.cleanup ?? 'wait';
  // The temporary output sits beside the target, so its parent must exist (`--out a/new/dir`).
  mkdirSync(dirname(target), { recursive: true });
  recover(target, cleanup);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const specs = model.stacks;
    const generator = opts.generatorVersion ?? generatorVersion();
    const keys = inputKeys(model, specs, generator);
    const previous = opts.full ? undefined : readInputs(target);
    const previousManifest = previous && readManifest(target);
    const reuse = reusable(
      specs,
      keys,
      previous,
      (name) => !!previousManifest?.stacks[name] && existsSync(join(target, 'stacks', name, 'cdk.tf.json')),
    );
    const workers = opts.workers ?? defaultWorkers(specs.length - reuse.size);
    // Worker threads build each stack with its dependencies (parallel.ts); one App here builds a stack without the
    // kept ones (cdktf writes no trace of a dependency into a stack's own JSON, only into its manifest entry).
    if (workers > 1) rebuildDependencies(specs, reuse);
    const names = new Map(specs.map((s) => [specKey(s), specName(s)]));
    const dependencies = new Map<string, string[]>();
    const build = specs
      .filter((s) => !reuse.has(specKey(s)))
      .map((s) => {
        if (!s.dependsOn.some((d) => reuse.has(d))) return s;
        dependencies.set(
          specName(s),
          s.dependsOn.map((d) => names.get(d)!),
        );
        return { ...s, dependsOn: s.dependsOn.filter((d) => !reuse.has(d)) };
      });
    if (workers <= 1) opts.pool?.close();
    const written =
      workers > 1
        ? synthesizeParallel(model, build, tmp, workers, { inputs: keys, generator }, opts.pool)
        : app().synthApp(model, build, tmp).hashes;
    keepPrevious(target, tmp, specs.filter((s) => reuse.has(specKey(s))).map(specName), previousManifest, dependencies);
    Object.assign(lastSynthStats, { built: build.length, reused: reuse.size });
    const hashes = new Map(
      specs.map((s) => [
        specKey(s),
        reuse.has(specKey(s))
          ? previous!.stacks[specKey(s)].hash
          : (written.get(names.get(specKey(s))!) ??
            createHash('sha256')
              .update(readFileSync(join(tmp, 'stacks', names.get(specKey(s))!, 'cdk.tf.json')))
              .digest('hex')),
      ]),
    );
    const manifest: StackManifest = {
      version: 1,
      organization: {
        id: model.orgId,
        managementAccountId: model.management.id,
        accountIds: model.accounts.map((a) => a.id),
        ouIds: [...model.ous.values()].map((o) => o.id).sort(),
      },
      stacks: specs.map((s) => ({
        name: specName(s),
        key: specKey(s),
        accountId: s.account.id,
        alias: s.account.alias,
        concern: s.concern,
        regions: s.regions,
        backend: backendKey(model, s),
        dependsOn: [...s.dependsOn],
        hash: hashes.get(specKey(s))!,
        ...(model.credentials(s.account).kind === 'ambient' ? { credentials: 'ambient' as const } : {}),
        ...(model.planPrincipal ? { planRoleArn: roleArn(s.account.id, PLAN_ROLE) } : {}),
      })),
    };
    writeFileSync(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const inputs: InputsRecord = {
      version: 1,
      stacks: Object.fromEntries(
        [...keys].map(([k, inputs]) => [k, { inputs, name: names.get(k)!, hash: hashes.get(k)! }]),
      ),
    };
    writeFileSync(join(tmp, INPUTS_FILE), JSON.stringify(inputs) + '\n');
    opts.beforeSwap?.(tmp);
    if (existsSync(target)) {
      carryOver(target, tmp, new Set(names.values()), opts.keepOrphans ?? false);
      renameSync(target, `${target}.previous`);
      renameSync(tmp, target);
      if (cleanup === 'wait') rmSync(`${target}.previous`, { recursive: true, force: true });
      else removeTrash([toTrash(target, `${target}.previous`)], 'background');
    } else renameSync(tmp, target);
    return manifest;
  } finally {
    opts.pool?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
