/**
 * Run the real `terraform init/validate/plan` against synthesized stacks without network or AWS
 * credentials: the declared providers (src/terraform/providers.ts) from the /opt/tf-plugins mirror,
 * STS answered by a local stub, backend replaced by a local one. Everything test-only goes into
 * `zz_offline_override.tf.json` (a Terraform override file) in a temporary copy of each stack;
 * cdktf.out is never modified.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AWS_PROVIDER, providerKind, type ProviderLocalName } from '../../src/terraform/providers';
import {
  cliConfigForMirror,
  planStacks,
  terraformAvailable,
  type PlanEvent,
  type PlanResult,
} from '../../src/terraform/run';
import { startStsStub } from './sts-stub';

export const TF_MIRROR_DIR = process.env.PATCHLINE_TF_MIRROR ?? '/opt/tf-plugins';
export const OVERRIDE_FILE = 'zz_offline_override.tf.json';

type Json = Record<string, any>;

/**
 * How each declared provider kind runs offline: its override block for one provider block of a stack. Typed
 * by the declared kinds, so declaring a new kind does not compile until it can be stubbed here too.
 */
const OFFLINE: Record<ProviderLocalName, (p: Json, stubUrl: string) => Json> = {
  aws: (p, stubUrl) => {
    const { role, accountPin } = AWS_PROVIDER.credentials;
    return {
      // Override provider blocks are matched by alias; nested blocks (endpoints) are replaced
      // wholesale, so keep any endpoints the stack already sets.
      ...(p.alias !== undefined ? { alias: p.alias } : {}),
      endpoints: [{ ...(p.endpoints?.[0] ?? {}), sts: stubUrl }],
      // A provider without assume_role uses the pipeline's own credentials (organization.managementAccess:
      // ambient), which must belong to its allowed account: the stub answers for that account.
      access_key:
        p[role] === undefined && p[accountPin]?.length === 1 ? `AKIDOFFLINE${p[accountPin][0]}` : 'AKIDOFFLINE',
      secret_key: 'offline',
      skip_credentials_validation: true,
      // The stub answers GetCallerIdentity with the assumed role's account, which `allowed_account_ids` needs.
      skip_requesting_account_id: false,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
  },
};

/** Write `<stackDir>/zz_offline_override.tf.json` (backend -> local state in stateDir, providers -> STS stub). */
export function prepareOffline(stackDir: string, stubUrl: string, stateDir: string): void {
  const stack: Json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  fs.mkdirSync(stateDir, { recursive: true });
  const override: Json = {
    terraform: {
      // An override `backend` replaces the original backend *or* `cloud` block (Terraform >= 1.1).
      backend: { local: { path: path.join(path.resolve(stateDir), `${path.basename(stackDir)}.tfstate`) } },
    },
  };
  for (const [localName, declared] of Object.entries<unknown>(stack.provider ?? {})) {
    // An undeclared provider would reach for real credentials (or the network): refuse rather than plan it.
    if (!providerKind(localName)) {
      throw new Error(`${stackDir}: provider "${localName}" is not declared in src/terraform/providers.ts`);
    }
    const blocks: Json[] = Array.isArray(declared) ? declared : [declared];
    const offline = OFFLINE[localName as ProviderLocalName];
    if (blocks.length) (override.provider ??= {})[localName] = blocks.map((p) => offline(p, stubUrl));
  }
  fs.writeFileSync(path.join(stackDir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
}

/** Environment for offline terraform: CLI config (mirror + plugin cache) under tmpRoot, no AWS_* / TF_* leaking in. */
export function offlineEnv(tmpRoot: string): NodeJS.ProcessEnv {
  const cacheDir = path.join(tmpRoot, 'plugin-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const cliConfig = path.join(tmpRoot, 'terraformrc');
  fs.writeFileSync(cliConfig, cliConfigForMirror(TF_MIRROR_DIR, cacheDir));
  const emptyAwsFile = path.join(tmpRoot, 'aws-empty');
  fs.writeFileSync(emptyAwsFile, '');

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('AWS_') || (k.startsWith('TF_') && !k.startsWith('TF_LOG'))) continue;
    env[k] = v;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: emptyAwsFile, // ignore ~/.aws (profiles, endpoint_url, ...)
    AWS_SHARED_CREDENTIALS_FILE: emptyAwsFile,
  };
}

export interface OfflineOptions {
  parallelism?: number;
  /** Work here and keep it (default: a fresh temp dir, removed afterwards). */
  workDir?: string;
  /** Also write plan.json per stack (use with workDir, or the file is removed with the temp dir). */
  showJson?: boolean;
  onEvent?: (e: PlanEvent) => void;
}

const SKIP_ON_COPY = new Set(['.terraform', '.terraform.lock.hcl', 'tfplan', 'plan.json', OVERRIDE_FILE]);

/**
 * Copies every `stacks/<name>` of a cdktf.out dir to `<root>/stacks/<name>` (without terraform leftovers)
 * and prepares each copy for offline terraform, so `<root>` is laid out like the cdktf.out dir.
 */
export function copyStacksOffline(outDir: string, root: string, stubUrl: string): Array<{ name: string; dir: string }> {
  const stacksDir = path.join(outDir, 'stacks');
  const names = fs
    .readdirSync(stacksDir)
    .filter((n) => fs.existsSync(path.join(stacksDir, n, 'cdk.tf.json')))
    .sort();
  return names.map((name) => {
    const dir = path.join(root, 'stacks', name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(stacksDir, name), dir, {
      recursive: true,
      filter: (src) => !SKIP_ON_COPY.has(path.basename(src)) && !path.basename(src).includes('.tfstate'),
    });
    prepareOffline(dir, stubUrl, path.join(root, 'state'));
    return { name, dir };
  });
}

/** init + validate + plan every `stacks/<name>/cdk.tf.json` under a cdktf.out dir, offline, on copies. */
export async function checkStacksOffline(outDir: string, opts: OfflineOptions = {}): Promise<PlanResult[]> {
  // Absolute: terraform runs in each stack folder and reads TF_CLI_CONFIG_FILE from there.
  const root = path.resolve(opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-offline-')));
  const stub = await startStsStub();
  try {
    const stacks = copyStacksOffline(outDir, root, stub.url);
    return await planStacks(stacks, {
      parallelism: opts.parallelism ?? 2,
      validate: true,
      planFile: true,
      showJson: opts.showJson,
      env: offlineEnv(root),
      onEvent: opts.onEvent,
    });
  } finally {
    await stub.close();
    if (!opts.workDir) fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `describe` when terraform and the provider mirror are present; otherwise `describe.skip` with
 * the reason printed, or a thrown error when REQUIRE_TERRAFORM=1.
 */
export function requireTerraformOrSkip(): jest.Describe {
  const { ok, reason } = terraformAvailable(TF_MIRROR_DIR);
  if (ok) return describe;
  if (process.env.REQUIRE_TERRAFORM === '1') throw new Error(`REQUIRE_TERRAFORM=1 but ${reason}`);
  console.warn(`Skipping offline terraform tests: ${reason} (set REQUIRE_TERRAFORM=1 to fail instead)`);
  return describe.skip;
}
