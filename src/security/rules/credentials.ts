// Terraform reaches every account by assuming a role, and no credential is ever written into the
// output (and so into state or a repository).
import { blocks } from '../stack';
import type { Problem, Rule } from '../types';

/** Argument names that hold secrets wherever they appear (provider, backend or resource). */
const SECRET_KEYS = /^(access_key|secret_key|secret_access_key|token|session_token|password|private_key|aws_access_key_id|aws_secret_access_key|aws_session_token)$/i;
/** AWS access key IDs (long-term AKIA, temporary ASIA), private keys in PEM form, and ini-style secrets. */
const SECRET_VALUES: readonly [RegExp, string][] = [
  [/\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/, 'an AWS access key ID'],
  [/-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/, 'a private key'],
  [/aws_secret_access_key\s*=/i, 'an AWS secret access key'],
];
/** What secret, if any, a text holds (for files of the output that are not stacks). */
export function secretIn(text: string): string | undefined {
  return SECRET_VALUES.find(([re]) => re.test(text))?.[1];
}

/** Resources whose whole purpose is to mint a long-term credential into state. */
const CREDENTIAL_RESOURCES = ['aws_iam_access_key', 'aws_iam_user_login_profile', 'aws_iam_service_specific_credential', 'aws_iam_signing_certificate'];

/** The address a JSON path in cdk.tf.json belongs to. */
function addressOf(path: readonly (string | number)[], json: any): string {
  if (path[0] === 'resource' && path.length >= 3) return `${path[1]}.${path[2]}`;
  if (path[0] === 'provider' && path[1] === 'aws' && typeof path[2] === 'number') {
    const alias = blocks(json.provider.aws)[path[2]]?.alias;
    return `provider.aws${alias ? `.${alias}` : ''}`;
  }
  if (path[0] === 'terraform' && path[1] === 'backend' && path.length >= 3) return `terraform.backend.${path[2]}`;
  return path.join('.');
}

function* walk(value: unknown, path: (string | number)[], json: any): Iterable<Problem> {
  if (typeof value === 'string') {
    for (const [re, what] of SECRET_VALUES) if (re.test(value)) yield { address: addressOf(path, json), message: `${path.join('.')} contains ${what}` };
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* walk(v, [...path, i], json);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k) && v !== null && v !== '' && v !== undefined) yield { address: addressOf([...path, k], json), message: `sets ${k}, a credential` };
      yield* walk(v, [...path, k], json);
    }
  }
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;

export const credentialRules: Rule[] = [
  {
    id: 'PL-PROV-1',
    description: 'Every AWS provider assumes a role in the stack\'s account and pins allowed_account_ids to it (management-account stacks may use the pipeline\'s own credentials when the profile says so, still pinned)',
    equivalents: {},
    note: 'No public rule requires assume_role; it keeps long-term credentials out of every account but the pipeline\'s.',
    *check(stack) {
      const providers = stack.providers();
      if (!providers.length && stack.allResources().length) yield { address: 'provider.aws', message: 'resources but no AWS provider: Terraform would use ambient credentials' };
      // The one exception: the management account, reached with the pipeline's own credentials when the
      // profile chose that explicitly (stacks.json marks the stack), and still pinned to that account.
      const mgmt = stack.org?.managementAccountId;
      const ambientOk = stack.ambient && mgmt !== undefined && stack.accountId === mgmt;
      for (const [address, p] of providers) {
        if (ambientOk && p.assume_role === undefined) {
          const allowed = (p.allowed_account_ids ?? []) as unknown[];
          if (allowed.length !== 1 || allowed[0] !== mgmt) yield { address, message: `uses the pipeline's own credentials, so allowed_account_ids must be exactly ["${mgmt}"] (the management account)` };
          continue;
        }
        const role = blocks(p.assume_role)[0]?.role_arn;
        const m = ROLE_ARN.exec(String(role ?? ''));
        if (!m) { yield { address, message: role ? `assume_role.role_arn "${role}" is not an IAM role ARN` : 'no assume_role: the provider would use the caller\'s own credentials' }; continue; }
        if (stack.accountId && m[1] !== stack.accountId) yield { address, message: `assumes a role in ${m[1]}, but the stack deploys to ${stack.accountId}` };
        const allowed = (p.allowed_account_ids ?? []) as unknown[];
        if (allowed.length !== 1 || allowed[0] !== m[1]) yield { address, message: `allowed_account_ids must be exactly ["${m[1]}"] so the provider cannot act in another account` };
      }
    },
  },
  {
    id: 'PL-CRED-1',
    description: 'No credentials anywhere in the output: no access_key/secret_key/token/password/private_key arguments, AWS key IDs, private keys, or credential-minting resources',
    equivalents: { checkov: ['CKV_AWS_41', 'CKV_SECRET_2'], trivy: ['aws-access-key-id', 'aws-secret-access-key'] },
    *check(stack) {
      yield* walk(stack.json, [], stack.json);
      for (const type of CREDENTIAL_RESOURCES) for (const [address] of stack.resources(type)) yield { address, message: `${type} writes a long-term credential into state` };
    },
  },
  {
    id: 'PL-STATE-1',
    description: 'An S3 state backend encrypts state (encrypt = true)',
    equivalents: {},
    note: 'State holds every resource attribute; the bucket default may not be set.',
    *check(stack) {
      const s3 = stack.json.terraform?.backend?.s3;
      if (s3 && s3.encrypt !== true && s3.encrypt !== 'true') yield { address: 'terraform.backend.s3', message: 'encrypt is not true' };
    },
  },
];
