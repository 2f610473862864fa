// Terraform reaches every account by assuming a role, and no credential is ever written into the
// output (and so into state or a repository).
import {
  impliedLocalName,
  parseProviderRef,
  PROVIDER_KINDS,
  providerAddress,
  providerKind,
  qualifiedSource,
} from '../../terraform/providers';
import { blocks, type StackView } from '../stack';
import type { Problem, Rule } from '../types';

/** Argument names that hold secrets wherever they appear (provider, backend or resource). */
const SECRET_KEYS =
  /^(access_key|secret_key|secret_access_key|token|session_token|password|private_key|aws_access_key_id|aws_secret_access_key|aws_session_token)$/i;
const PROVIDER_SECRETS = new Set<string>(PROVIDER_KINDS.flatMap((k) => k.credentials.secrets));
const isSecretKey = (k: string) => SECRET_KEYS.test(k) || PROVIDER_SECRETS.has(k);
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
const CREDENTIAL_RESOURCES = PROVIDER_KINDS.flatMap((k) => k.credentialResources);

/** The address a JSON path in cdk.tf.json belongs to. */
function addressOf(path: readonly (string | number)[], json: any): string {
  if (path[0] === 'resource' && path.length >= 3) return `${path[1]}.${path[2]}`;
  if (path[0] === 'provider' && typeof path[1] === 'string' && typeof path[2] === 'number') {
    const alias = blocks(json.provider[path[1]])[path[2]]?.alias;
    return `provider.${path[1]}${alias ? `.${alias}` : ''}`;
  }
  if (path[0] === 'terraform' && path[1] === 'backend' && path.length >= 3) return `terraform.backend.${path[2]}`;
  return path.join('.');
}

function* walk(value: unknown, path: (string | number)[], json: any): Iterable<Problem> {
  if (typeof value === 'string') {
    for (const [re, what] of SECRET_VALUES)
      if (re.test(value)) yield { address: addressOf(path, json), message: `${path.join('.')} contains ${what}` };
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* walk(v, [...path, i], json);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isSecretKey(k) && v !== null && v !== '' && v !== undefined)
        yield { address: addressOf([...path, k], json), message: `sets ${k}, a credential` };
      yield* walk(v, [...path, k], json);
    }
  }
}

const UNDECLARED =
  'is not declared in src/terraform/providers.ts, so check cannot tell how it authenticates ' +
  '(it may run on ambient credentials)';

/**
 * Providers that are not the declared kinds: blocks, required_providers entries (also a declared name from
 * another source), and resources or data sources whose provider has no block at all. Terraform configures an
 * undeclared provider from the caller's environment, which is what PL-PROV-1 exists to rule out.
 */
function* undeclaredProviders(stack: StackView): Iterable<Problem> {
  for (const b of stack.providers()) {
    if (!b.kind) yield { address: b.address, message: `provider "${b.localName}" ${UNDECLARED}` };
  }
  for (const [name, req] of Object.entries<any>(stack.json.terraform?.required_providers ?? {})) {
    const kind = providerKind(name);
    const address = `terraform.required_providers.${name}`;
    if (!kind) yield { address, message: `provider "${name}" ${UNDECLARED}` };
    else if (typeof req?.source === 'string' && qualifiedSource(req.source) !== providerAddress(kind)) {
      yield { address, message: `source "${req.source}" is not ${kind.source}, the provider declared as "${name}"` };
    }
  }
  for (const section of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<any>(stack.json[section] ?? {})) {
      for (const [name, c] of Object.entries<any>(byName ?? {})) {
        const localName =
          typeof c?.provider === 'string' ? parseProviderRef(c.provider).localName : impliedLocalName(type);
        // Declared, or its block was reported above.
        if (providerKind(localName) || stack.json.provider?.[localName] !== undefined) continue;
        const address = `${section === 'data' ? 'data.' : ''}${type}.${name}`;
        yield { address, message: `uses provider "${localName}", which ${UNDECLARED}` };
      }
    }
  }
}

export const credentialRules: Rule[] = [
  {
    id: 'PL-PROV-1',
    description:
      "Every provider is of a declared kind; every AWS provider assumes a role in the stack's account and pins allowed_account_ids to it (management-account stacks may use the pipeline's own credentials when the profile says so, still pinned)",
    equivalents: {},
    note: "No public rule requires assume_role; it keeps long-term credentials out of every account but the pipeline's.",
    *check(stack) {
      yield* undeclaredProviders(stack);
      const providers = stack.providers().filter((b) => b.kind);
      if (!providers.length && stack.allResources().length)
        yield {
          address: 'provider.aws',
          message: 'resources but no AWS provider: Terraform would use ambient credentials',
        };
      // The one exception: the management account, reached with the pipeline's own credentials when the
      // profile chose that explicitly (stacks.json marks the stack), and still pinned to that account.
      const mgmt = stack.org?.managementAccountId;
      const ambientOk = stack.ambient && mgmt !== undefined && stack.accountId === mgmt;
      for (const { address, kind, config: p } of providers) {
        const { role: roleBlock, roleArn, roleArnAccount, accountPin, elsewhere } = kind!.credentials;
        for (const k of elsewhere) {
          if (p[k] === undefined || p[k] === null) continue;
          yield {
            address,
            message: `sets ${k}: credentials come from ${roleBlock} or, on the management stack, the pipeline's environment`,
          };
        }
        const allowed = (p[accountPin] ?? []) as unknown[];
        if (ambientOk && p[roleBlock] === undefined) {
          if (allowed.length !== 1 || allowed[0] !== mgmt) {
            yield {
              address,
              message: `uses the pipeline's own credentials, so ${accountPin} must be exactly ["${mgmt}"] (the management account)`,
            };
          }
          continue;
        }
        const role = blocks(p[roleBlock])[0]?.[roleArn];
        const m = roleArnAccount.exec(String(role ?? ''));
        if (!m) {
          yield {
            address,
            message: role
              ? `${roleBlock}.${roleArn} "${role}" is not an IAM role ARN`
              : `no ${roleBlock}: the provider would use the caller's own credentials`,
          };
          continue;
        }
        if (stack.accountId && m[1] !== stack.accountId)
          yield { address, message: `assumes a role in ${m[1]}, but the stack deploys to ${stack.accountId}` };
        if (allowed.length !== 1 || allowed[0] !== m[1]) {
          yield {
            address,
            message: `${accountPin} must be exactly ["${m[1]}"] so the provider cannot act in another account`,
          };
        }
      }
    },
  },
  {
    id: 'PL-CRED-1',
    description:
      'No credentials anywhere in the output: no access_key/secret_key/token/password/private_key arguments, AWS key IDs, private keys, or credential-minting resources',
    equivalents: { checkov: ['CKV_AWS_41', 'CKV_SECRET_2'], trivy: ['aws-access-key-id', 'aws-secret-access-key'] },
    *check(stack) {
      yield* walk(stack.json, [], stack.json);
      for (const type of CREDENTIAL_RESOURCES)
        for (const [address] of stack.resources(type))
          yield { address, message: `${type} writes a long-term credential into state` };
    },
  },
  {
    id: 'PL-STATE-1',
    description: 'An S3 state backend encrypts state (encrypt = true)',
    equivalents: {},
    note: 'State holds every resource attribute; the bucket default may not be set.',
    *check(stack) {
      const s3 = stack.json.terraform?.backend?.s3;
      if (s3 && s3.encrypt !== true && s3.encrypt !== 'true')
        yield { address: 'terraform.backend.s3', message: 'encrypt is not true' };
    },
  },
];
