// A read-only view of one synthesized stack (cdk.tf.json) for the security rules: resources by type,
// Terraform references inside strings, and the region each resource's provider deploys to.
import { AWS_PROVIDER, parseProviderRef, providerKind, type ProviderKind } from '../terraform/providers';

/** What the rules may know about the organization; absent for output written without it. */
export interface OrgFacts {
  readonly id: string;
  /** The management account's ID, when the output names it. */
  readonly managementAccountId?: string;
  /** Every account ID of the organization. */
  readonly accountIds: ReadonlySet<string>;
  /** Every OU ID of the organization. */
  readonly ouIds: ReadonlySet<string>;
}

export interface StackInput {
  /** Stack name (its directory under cdktf.out/stacks). */
  readonly name: string;
  /** The parsed cdk.tf.json. */
  readonly json: any;
  /** The raw text of cdk.tf.json, when read from disk (duplicate-key checks need it). */
  readonly text?: string;
  /** The account the stack deploys into, from stacks.json. */
  readonly accountId?: string;
  /** stacks.json says the providers use the pipeline's own credentials (organization.managementAccess: ambient). */
  readonly ambient?: boolean;
  readonly org?: OrgFacts;
}

/** One block under `provider`: `provider.<local name>[.<alias>]`. */
export interface ProviderBlock {
  readonly address: string;
  readonly localName: string;
  /** Undefined for a provider src/terraform/providers.ts does not declare. */
  readonly kind?: ProviderKind;
  readonly config: any;
}

/** A parsed `${type.name.attribute}` reference. */
export interface Ref {
  readonly type: string;
  readonly name: string;
  readonly attr: string;
}

const REF = /\$\{(?:data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\.([\w.[\]]+)\}/g;

/** The value when it is exactly one reference, such as "${aws_kms_key.key.arn}". */
export function exactRef(value: unknown): Ref | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\.([\w.[\]]+)\}$/.exec(value);
  return m ? { type: m[1], name: m[2], attr: m[3] } : undefined;
}

/** Every reference inside a string. */
export function refsIn(value: string): Ref[] {
  return [...value.matchAll(REF)].map((m) => ({ type: m[1], name: m[2], attr: m[3] }));
}

/** True when a string holds a Terraform interpolation (whose value is unknown until apply). */
export const isInterpolated = (value: string) => value.includes('${');

/** A nested block as a list: cdktf writes single blocks as objects and repeated ones as arrays. */
export function blocks(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A string-or-list policy field as a list. */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export class StackView {
  readonly name: string;
  readonly json: any;
  readonly text?: string;
  readonly accountId?: string;
  readonly ambient: boolean;
  readonly org?: OrgFacts;

  constructor(input: StackInput) {
    this.name = input.name;
    this.json = input.json ?? {};
    this.text = input.text;
    this.accountId = input.accountId;
    this.ambient = input.ambient ?? false;
    this.org = input.org;
  }

  /** Every resource of a type: [address, config]. */
  resources(type: string): [string, any][] {
    return Object.entries<any>(this.json.resource?.[type] ?? {}).map(([id, config]) => [`${type}.${id}`, config ?? {}]);
  }

  /** Every resource of every type: [type, address, config]. */
  allResources(): [string, string, any][] {
    return Object.keys(this.json.resource ?? {}).flatMap((type) =>
      this.resources(type).map(([a, c]) => [type, a, c] as [string, string, any]),
    );
  }

  resource(type: string, name: string): any | undefined {
    return this.json.resource?.[type]?.[name];
  }

  /** Every provider block, of every local name, with its declared kind (undefined when not declared). */
  providers(): ProviderBlock[] {
    return Object.entries<unknown>(this.json.provider ?? {}).flatMap(([localName, declared]) =>
      blocks(declared).map((p) => ({
        address: `provider.${localName}${p?.alias ? `.${p.alias}` : ''}`,
        localName,
        kind: providerKind(localName),
        config: p ?? {},
      })),
    );
  }

  /** The region a resource deploys to, from its provider ("aws.<alias>" or the default provider).
   * Every caller asks about AWS resources, so a resource naming no provider has the AWS default. */
  regionOf(config: any): string | undefined {
    const ref = typeof config?.provider === 'string' ? config.provider : AWS_PROVIDER.localName;
    const { localName, alias } = parseProviderRef(ref);
    const p = blocks(this.json.provider?.[localName]).find((x) => (alias ? x?.alias === alias : !x?.alias));
    return typeof p?.region === 'string' ? p.region : undefined;
  }
}
