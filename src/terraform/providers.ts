// The Terraform providers Patchline generates blocks for, declared once. Stacks create them, `check` judges
// how each block authenticates, and the offline harness installs and stubs them, all from this list: a
// provider kind that is not declared here fails `check` rather than running on ambient credentials unnoticed.

/** One provider kind: what its blocks are called, where Terraform installs it from, how it authenticates. */
export interface ProviderKind {
  /** Local name: the key under `provider` and `terraform.required_providers`, the `<name>.<alias>` of a
   * resource's `provider` argument, and (Terraform's default) the first word of its resource types. */
  readonly localName: string;
  /** Registry host and `<namespace>/<type>`; together the provider's address, and its filesystem mirror path. */
  readonly registry: string;
  readonly source: string;
  /** Exact version: cdktf pins the one its prebuilt bindings were generated from (account-stack.ts checks). */
  readonly version: string;
  readonly credentials: {
    /** The nested block that makes the provider act as a role instead of the caller: without it, ambient. */
    readonly role: string;
    /** The role's ARN inside that block, and the pattern of a role ARN capturing its account. */
    readonly roleArn: string;
    readonly roleArnAccount: RegExp;
    /** Pins the accounts the provider may act in, so the wrong credentials stop the plan. */
    readonly accountPin: string;
    /** Arguments carrying a secret (PL-CRED-1 reports them wherever they appear). */
    readonly secrets: readonly string[];
    /** Arguments taking credentials from somewhere else than the role or the pipeline's environment. */
    readonly elsewhere: readonly string[];
  };
  /** Resource types whose purpose is to mint a long-term credential into state. */
  readonly credentialResources: readonly string[];
}

export const AWS_PROVIDER = {
  localName: 'aws',
  registry: 'registry.terraform.io',
  source: 'hashicorp/aws',
  version: '5.100.0',
  credentials: {
    role: 'assume_role',
    roleArn: 'role_arn',
    roleArnAccount: /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/,
    accountPin: 'allowed_account_ids',
    secrets: ['access_key', 'secret_key', 'token'],
    elsewhere: ['profile', 'shared_credentials_files', 'shared_config_files', 'assume_role_with_web_identity'],
  },
  credentialResources: [
    'aws_iam_access_key',
    'aws_iam_user_login_profile',
    'aws_iam_service_specific_credential',
    'aws_iam_signing_certificate',
  ],
} as const satisfies ProviderKind;

/** Every kind Patchline generates. Adding one here makes the offline harness fail to compile until it can stub it. */
export const PROVIDER_KINDS = [AWS_PROVIDER] as const satisfies readonly ProviderKind[];

export type ProviderLocalName = (typeof PROVIDER_KINDS)[number]['localName'];

/** The declared kind with this local name, if any. */
export function providerKind(localName: string): ProviderKind | undefined {
  return PROVIDER_KINDS.find((k) => k.localName === localName);
}

/** `registry.terraform.io/hashicorp/aws`: the provider's address, as CLI configuration and mirrors name it. */
export const providerAddress = (kind: ProviderKind) => `${kind.registry}/${kind.source}`;

/** Where an unpacked filesystem mirror holds the declared version (`<address>/<version>/<os>_<arch>/`). */
export const mirrorPath = (kind: ProviderKind) => `${providerAddress(kind)}/${kind.version}`;

/** A required_providers `source` as Terraform resolves it: `aws` and `hashicorp/aws` are the registry's. */
export function qualifiedSource(source: string): string {
  const parts = source.split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${source}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** The local name and alias a resource's `provider` argument names (`aws.ap-southeast-2`). */
export function parseProviderRef(ref: string): { localName: string; alias?: string } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { localName: ref } : { localName: ref.slice(0, dot), alias: ref.slice(dot + 1) };
}

/** The provider a resource or data source of `type` belongs to when it names none: its type's first word. */
export const impliedLocalName = (type: string) => type.split('_')[0];
