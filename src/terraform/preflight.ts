// Checks made once before plan/apply, so a missing terraform or missing credentials is one clear message
// instead of the same failure once per stack.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Oldest terraform the stacks work with: S3 native state locking (`use_lockfile`) is generally available from 1.11. */
export const MIN_TERRAFORM = '1.11.0';

export class PreflightFailed extends Error {}

const newer = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
};

/** The terraform version on PATH; throws PreflightFailed when it is missing or too old. */
export function checkTerraform(env: NodeJS.ProcessEnv): string {
  const r = spawnSync('terraform', ['version', '-json'], {
    encoding: 'utf8',
    env: { ...env, CHECKPOINT_DISABLE: '1' },
    timeout: 60_000,
  });
  if (r.error || r.status !== 0) {
    throw new PreflightFailed(
      `terraform is not runnable (${r.error ? ((r.error as NodeJS.ErrnoException).code ?? r.error.message) : `exit ${r.status}`}): install Terraform ${MIN_TERRAFORM} or later and put it on the PATH`,
    );
  }
  let version: string | undefined;
  try {
    version = JSON.parse(r.stdout).terraform_version;
  } catch {
    version = /Terraform v(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
  }
  if (!version)
    throw new PreflightFailed(`cannot read the version from \`terraform version -json\`: ${r.stdout.slice(0, 200)}`);
  if (!newer(version, MIN_TERRAFORM))
    throw new PreflightFailed(`terraform ${version} is too old: the stacks need ${MIN_TERRAFORM} or later`);
  return version;
}

const nonEmpty = (f: string) => existsSync(f) && statSync(f).size > 0;

/** Where the AWS credential chain (as the AWS provider uses it) would find credentials, without asking STS. */
export function explicitCredentialSource(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'AWS_ACCESS_KEY_ID';
  if (env.AWS_PROFILE) return `AWS_PROFILE=${env.AWS_PROFILE}`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return 'AWS_WEB_IDENTITY_TOKEN_FILE';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return 'container credentials';
  const home = homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ];
  return files.find(nonEmpty);
}

/** Does the EC2 instance metadata service answer (IMDSv2 token request, 1 s)? */
function imdsAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '169.254.169.254',
        path: '/latest/api/token',
        method: 'PUT',
        timeout: 1000,
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Throws PreflightFailed when no credential source exists (environment, shared files, container or instance role). */
export async function checkCredentials(env: NodeJS.ProcessEnv): Promise<void> {
  if (explicitCredentialSource(env)) return;
  if (env.AWS_EC2_METADATA_DISABLED !== 'true' && (await imdsAnswers())) return;
  throw new PreflightFailed(
    'no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (in CI: aws-actions/configure-aws-credentials), ' +
      "for the identity that may assume each account's role",
  );
}

/** terraform on PATH and recent enough, and AWS credentials present. */
export async function preflight(env: NodeJS.ProcessEnv): Promise<void> {
  checkTerraform(env);
  await checkCredentials(env);
}
