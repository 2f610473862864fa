// Synthesis into a temporary directory, swapped in only when complete, plus the stack manifest.
import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { layoutStacks, specKey, specName, type StackSpec } from '../stacks/layout';
import { accountCredentials } from '../stacks/provider-credentials';
import type { OrgModel } from './profile/model';
import { localStatePath, PLAN_ROLE, roleArn, stateKey, workspaceName } from './naming';
import { synthApp } from './synth-app';
import { defaultWorkers, synthesizeParallel } from './synth-parallel';

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
  readonly organization?: { readonly id: string; readonly managementAccountId?: string; readonly accountIds: readonly string[]; readonly ouIds: readonly string[] };
  readonly stacks: readonly ManifestStack[];
}

export const MANIFEST_FILE = 'stacks.json';

export { APP_CONTEXT } from './synth-app';

function backendKey(model: OrgModel, s: StackSpec): ManifestStack['backend'] {
  const b = model.backend;
  if (b.kind === 's3') return { type: 's3', key: stateKey(b.keyPrefix, s.account.id, s.concern) };
  if (b.kind === 'cloud') return { type: 'cloud', key: workspaceName(b.workspacePrefix, s.account.id, s.concern) };
  return { type: 'local', key: localStatePath(b.directory, s.account.id, s.concern) };
}

/** True when a process with this ID exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Restores the previous output when an earlier swap was interrupted between its two renames, and removes
 * the temporary output of runs that were killed mid-synthesis (their process is gone).
 */
function recover(outdir: string): void {
  const dir = dirname(outdir);
  const prefix = `${basename(outdir)}.tmp-`;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(dir, name), { recursive: true, force: true });
  }
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
}

/** What terraform keeps in a stack folder between runs: carried into the new output as cdktf's in-place synth keeps it. */
const TERRAFORM_WORKING_FILES = ['.terraform.lock.hcl', '.terraform'];

/** Carries terraform's working files (and, with keepOrphans, whole orphaned stack folders) from the old output into the new one. */
function carryOver(target: string, tmp: string, keepOrphans: boolean): void {
  const oldStacks = join(target, 'stacks');
  if (!existsSync(oldStacks)) return;
  for (const name of readdirSync(oldStacks)) {
    const from = join(oldStacks, name);
    const to = join(tmp, 'stacks', name);
    if (!existsSync(to)) {
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
  // The temporary output sits beside the target, so its parent must exist (`--out a/new/dir`).
  mkdirSync(dirname(target), { recursive: true });
  recover(target);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const specs = layoutStacks(model);
    const workers = opts.workers ?? defaultWorkers(specs.length);
    if (workers > 1) synthesizeParallel(model, specs, tmp, workers);
    else synthApp(model, specs, tmp);
    const names = new Map(specs.map((s) => [specKey(s), specName(s)]));
    const manifest: StackManifest = {
      version: 1,
      organization: { id: model.orgId, managementAccountId: model.management.id, accountIds: model.accounts.map((a) => a.id), ouIds: [...model.ous.values()].map((o) => o.id).sort() },
      stacks: specs.map((s) => ({
        name: specName(s),
        key: specKey(s),
        accountId: s.account.id,
        alias: s.account.alias,
        concern: s.concern,
        regions: s.regions,
        backend: backendKey(model, s),
        dependsOn: [...s.dependsOn],
        hash: createHash('sha256').update(readFileSync(join(tmp, 'stacks', names.get(specKey(s))!, 'cdk.tf.json'))).digest('hex'),
        ...(accountCredentials(model, s.account).kind === 'ambient' ? { credentials: 'ambient' as const } : {}),
        ...(model.planPrincipal ? { planRoleArn: roleArn(s.account.id, PLAN_ROLE) } : {}),
      })),
    };
    writeFileSync(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    opts.beforeSwap?.(tmp);
    if (existsSync(target)) {
      carryOver(target, tmp, opts.keepOrphans ?? false);
      renameSync(target, `${target}.previous`);
      renameSync(tmp, target);
      rmSync(`${target}.previous`, { recursive: true, force: true });
    } else renameSync(tmp, target);
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
