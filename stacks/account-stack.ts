// The base of every stack: one account, one concern, one Terraform state, one aliased AWS provider
// per region, each authenticated as provider-credentials.ts decides (the deployment role in member accounts).
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformElement, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct, IConstruct, Node } from 'constructs';
import type { Account, Backend } from '../src/model';
import { undeclaredReferences } from './references';
import { JsonStackSynthesizer, stackTerraform } from './synthesis';
import {
  localStatePath,
  patchlineTags,
  providerAlias,
  stackName,
  stateKey,
  workspaceName,
  type Concern,
} from '../src/naming';
import { providerAssumeRole, type ProviderCredentials } from './provider-credentials';
import { AWS_PROVIDER, providerAddress, qualifiedSource } from '../src/terraform/providers';

export interface AccountStackProps {
  /** The account the stack deploys into. */
  readonly account: Account;
  /** What the stack manages there. */
  readonly concern: Concern;
  /** Regions that get a provider; the first is the home of global resources (IAM). */
  readonly regions: readonly string[];
  /** How the providers authenticate in the account (see provider-credentials.ts). */
  readonly credentials: ProviderCredentials;
  /** Where state lives. */
  readonly backend: Backend;
  /** Tags for every resource.
   * @default {} */
  readonly defaultTags?: Readonly<Record<string, string>>;
}

/**
 * Logical IDs by construct path below the stack, as a tree of construct IDs: looked up by the IDs themselves
 * (mostly literal strings, their hashes cached) rather than by a path string built and hashed for every element.
 */
interface PathNode {
  logicalId?: string;
  readonly below: Map<string, PathNode>;
}
const LOGICAL_IDS = new Map<string, PathNode>();

export class AccountStack extends TerraformStack {
  readonly account: Account;
  readonly concern: Concern;
  readonly regions: readonly string[];
  private readonly providers = new Map<string, AwsProvider>();

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, stackName(props.account, props.concern));
    this.account = props.account;
    this.concern = props.concern;
    this.regions = props.regions;
    JsonStackSynthesizer.install(this);
    const { id } = props.account;
    const b = props.backend;
    if (b.kind === 's3') {
      const s3 = new S3Backend(this, {
        bucket: b.bucket,
        key: stateKey(b.keyPrefix, id, props.concern),
        region: b.region,
        encrypt: true,
        kmsKeyId: b.kmsKeyId,
        assumeRole: b.roleArn ? { roleArn: b.roleArn } : undefined,
      });
      // cdktf 0.21 predates S3-native locking in its typed config.
      if (b.useLockfile) s3.addOverride('use_lockfile', true);
    } else if (b.kind === 'cloud') {
      new CloudBackend(this, {
        organization: b.organization,
        hostname: b.hostname,
        workspaces: new NamedCloudWorkspace(workspaceName(b.workspacePrefix, id, props.concern), b.project),
      });
    } else {
      new LocalBackend(this, { path: localStatePath(b.directory, id, props.concern) });
    }
    const tags = { ...props.defaultTags, ...patchlineTags(props.concern) };
    for (const region of props.regions) {
      this.providers.set(
        region,
        declared(
          new AwsProvider(this, `${AWS_PROVIDER.localName}-${region}`, {
            alias: providerAlias(region),
            region,
            assumeRole: providerAssumeRole(props.credentials, id, props.concern),
            allowedAccountIds: [id],
            defaultTags: [{ tags }],
          }),
        ),
      );
    }
  }

  /**
   * cdktf resolves every element of every stack once more before synthesis only to discover cross-stack
   * references. Patchline stacks never reference each other (each is its own state, planned and applied on
   * its own; deploy order is explicit), so that pass, a third of synthesis time at 1,000 accounts, is skipped.
   */
  override prepareStack(): void {
    // (cdktf's also adds a local backend to a stack that has none: the constructor always gives this one a backend.)
  }

  /**
   * Without that pass cdktf cannot turn a cross-stack reference into outputs and remote state, so it would
   * leave a dangling address: fail synthesis instead, naming it.
   */
  override toTerraform(): any {
    const tf = stackTerraform(this);
    const foreign = undeclaredReferences(tf);
    if (foreign.length) {
      throw new Error(
        `stack ${this.node.id} refers to ${foreign.join(', ')}, which it does not declare: stacks must not reference each other; pass IDs and names from the model instead`,
      );
    }
    return tf;
  }

  /**
   * cdktf's logical ID (an md5 of the element's construct path below its stack), computed once per path for
   * every stack of the process: a thousand patching stacks share their paths.
   */
  protected override allocateLogicalId(tfElement: TerraformElement | Node): string {
    if (!TerraformElement.isTerraformElement(tfElement) || tfElement.cdktfStack !== this)
      return super.allocateLogicalId(tfElement);
    const ids: string[] = [];
    for (let c: IConstruct | undefined = tfElement; c && c !== this; c = c.node.scope) ids.push(c.node.id);
    let level = LOGICAL_IDS;
    let node: PathNode | undefined;
    for (let i = ids.length - 1; i >= 0; i--) {
      node = level.get(ids[i]);
      if (!node) level.set(ids[i], (node = { below: new Map() }));
      level = node.below;
    }
    return (node!.logicalId ??= super.allocateLogicalId(tfElement));
  }

  /** The provider for a region of this stack. */
  provider(region: string): AwsProvider {
    const p = this.providers.get(region);
    if (!p) throw new Error(`stack ${this.node.id} has no provider for ${region}`);
    return p;
  }

  /** The provider for global resources such as IAM. */
  get globalProvider(): AwsProvider {
    return this.provider(this.regions[0]);
  }
}

/**
 * The provider cdktf writes (local name, source, version from the prebuilt bindings) must be the one declared
 * in src/terraform/providers.ts, which `check` and the offline harness go by: fail synthesis on a bindings
 * upgrade that moves it, instead of writing a block nothing else expects.
 */
function declared(p: AwsProvider): AwsProvider {
  const wrote = {
    localName: AwsProvider.tfResourceType,
    address: qualifiedSource(p.terraformProviderSource ?? AwsProvider.tfResourceType),
    version: p.terraformGeneratorMetadata?.providerVersion,
  };
  const want = {
    localName: AWS_PROVIDER.localName,
    address: providerAddress(AWS_PROVIDER),
    version: AWS_PROVIDER.version,
  };
  if (JSON.stringify(wrote) !== JSON.stringify(want)) {
    throw new Error(
      `cdktf writes provider ${JSON.stringify(wrote)}, but src/terraform/providers.ts declares ${JSON.stringify(want)}`,
    );
  }
  return p;
}
