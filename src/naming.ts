// Naming, tagging and identity rules, in one place. Anything that ends up in a state key or a
// resource address derives from stable identifiers (account IDs, region codes, profile keys of the
// thing itself), never from an account's alias, so cosmetic edits never move state.
import { createHash } from 'crypto';
import type { Account } from './model';

/** What one stack (one Terraform state) manages in one account. */
export type Concern =
  'inspector-delegation' | 'inspector' | 'evidence' | 'image-consumer' | 'image-factory' | 'patching' | 'plan-access';

/** Deploy order between concerns when nothing more specific applies. */
export const CONCERNS: readonly Concern[] = [
  'inspector-delegation',
  'inspector',
  'evidence',
  'image-consumer',
  'image-factory',
  'patching',
  'plan-access',
];

/** The read-only role pull-request plans assume in every account (terraform.planPrincipal). */
export const PLAN_ROLE = 'patchline-plan';

/** Human-facing stack name (cdktf.out/stacks/<name>, `cdktf deploy <name>`). */
export const stackName = (account: Account, concern: Concern) => `${account.alias}-${concern}`;

/** The stack's identity across renames: account ID + concern. */
export const stackKey = (accountId: string, concern: Concern) => `${accountId}/${concern}`;

/** S3 state key, below the profile's key prefix. */
export const stateKey = (prefix: string, accountId: string, concern: Concern) =>
  `${prefix}${stackKey(accountId, concern)}.tfstate`;

/** Local state file, relative to the stack's working directory (cdktf.out/stacks/<name>). */
export const localStatePath = (directory: string, accountId: string, concern: Concern) =>
  `../../../${directory}/${accountId}-${concern}.tfstate`;

/** HCP Terraform workspace name. */
export const workspaceName = (prefix: string, accountId: string, concern: Concern) =>
  `${prefix}${accountId}-${concern}`;

export const roleArn = (accountId: string, role: string, partition = 'aws') =>
  `arn:${partition}:iam::${accountId}:role/${role}`;

/** An account as a policy principal (the account, delegating to its IAM policies). */
export const accountRootArn = (accountId: string, partition = 'aws') => `arn:${partition}:iam::${accountId}:root`;

/** Provider alias for a region; construct IDs use the region code too. */
export const providerAlias = (region: string) => region;

/** Prefix of every AWS resource name Patchline creates. */
export const NAME_PREFIX = 'patchline';

/** An AWS resource name: patchline-<parts>, dash-joined. */
export const awsName = (...parts: string[]) => [NAME_PREFIX, ...parts].join('-');

/** Globally unique S3 bucket name for a purpose in an account and region (at most 63 characters). */
export const bucketName = (purpose: string, accountId: string, region: string) => {
  const name = `${NAME_PREFIX}-${purpose}-${accountId}-${region}`;
  if (name.length > 63) throw new Error(`bucket name too long: ${name}`);
  return name;
};

/** Tags every resource carries, on top of the profile's defaultTags. */
export const patchlineTags = (concern: Concern): Record<string, string> => ({ 'patchline:concern': concern });

// ---- Image factory -------------------------------------------------------------------------------

/** KMS alias of a Patchline key: alias/patchline/<parts>. */
export const kmsAlias = (...parts: string[]) => `alias/${NAME_PREFIX}/${parts.join('/')}`;

/** Name of a pipeline's Image Builder resources (recipe, infrastructure and distribution configuration, pipeline, lifecycle policy). */
export const pipelineResourceName = (pipeline: string) => awsName(pipeline);

/** Name of a pipeline's output AMIs: unique per build (Image Builder fills in the build date). */
export const amiName = (pipeline: string) => `${pipelineResourceName(pipeline)}-{{ imagebuilder:buildDate }}`;

/** Name of the IAM role a pipeline runs as (at most 10 + 40 + 10 = 60 characters of IAM's 64). */
export const pipelineExecutionRoleName = (pipeline: string) => awsName(pipeline, 'execution');

/** Name of the RAM share of a pipeline's AMI parameter. */
export const parameterShareName = (pipeline: string) => awsName(pipeline, 'ami-parameter');

/** Inline policy name on a role Patchline manages. */
export const inlinePolicyName = (purpose: string) => awsName(purpose);

/** Name of a pipeline's own component built from a component document (file key: the file's base name). */
export const componentName = (pipeline: string, fileKey: string) => awsName(pipeline, fileKey);

/**
 * Stable key of a component document, from its file name: `components/Acme Baseline.yaml` → `acme-baseline`.
 * Part of a resource address and an AWS name, so only lower-case letters, digits and dashes (at most 60).
 */
export const componentFileKey = (file: string) =>
  (file.split(/[\\/]/).pop() ?? file)
    .replace(/\.(ya?ml|json)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '') || 'component';

/** Largest value of one node of an Image Builder semantic version (2^30 - 1). */
const VERSION_NODE_MAX = 2 ** 30 - 1;

/**
 * An Image Builder semantic version derived from content: `1.<a>.<b>` with a and b taken from the
 * sha256 of `content` (60 bits). Recipes and components are immutable in AWS; a version that
 * changes exactly when the content does lets Terraform create the new one before deleting the old.
 */
export function contentVersion(content: string): string {
  const digest = createHash('sha256').update(content).digest();
  const a = digest.readUInt32BE(0) & VERSION_NODE_MAX;
  const b = digest.readUInt32BE(4) & VERSION_NODE_MAX;
  return `1.${a}.${b}`;
}

/** An AWS-managed Image Builder component, always its newest version (x.x.x). */
export const managedComponentArn = (region: string, name: string, partition = 'aws') =>
  `arn:${partition}:imagebuilder:${region}:aws:component/${name}/x.x.x`;

/** An AWS-managed Image Builder image by name; without a version, its newest (x.x.x). */
export const managedImageArn = (region: string, name: string, partition = 'aws') =>
  `arn:${partition}:imagebuilder:${region}:aws:image/${name.includes('/') ? name : `${name}/x.x.x`}`;

/** ARN of the organization, as launch permissions and RAM expect it. */
export const organizationArn = (managementAccountId: string, orgId: string, partition = 'aws') =>
  `arn:${partition}:organizations::${managementAccountId}:organization/${orgId}`;

/** ARN of an organizational unit. */
export const organizationalUnitArn = (managementAccountId: string, orgId: string, ouId: string, partition = 'aws') =>
  `arn:${partition}:organizations::${managementAccountId}:ou/${orgId}/${ouId}`;

/** An SSM parameter's ARN (name starts with /). */
export const ssmParameterArn = (region: string, accountId: string, name: string, partition = 'aws') =>
  `arn:${partition}:ssm:${region}:${accountId}:parameter${name}`;

/** Role names AWS fixes: Image Builder looks these up by name in the accounts it copies images into. */
export const IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE = 'EC2ImageBuilderDistributionCrossAccountRole';
export const IMAGE_BUILDER_CROSS_ACCOUNT_LIFECYCLE_ROLE = 'Ec2ImageBuilderCrossAccountLifecycleAccess';

/** Service-linked roles, by account. */
export const imageBuilderServiceLinkedRoleArn = (accountId: string, partition = 'aws') =>
  `arn:${partition}:iam::${accountId}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`;
export const autoScalingServiceLinkedRoleArn = (accountId: string, partition = 'aws') =>
  `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

/** AWS managed policy ARN. */
export const awsManagedPolicyArn = (path: string, partition = 'aws') => `arn:${partition}:iam::aws:policy/${path}`;

/**
 * Patching names in each target account and region. Ring windows and the expedite lane get distinct forms,
 * so a ring called "expedite" cannot collide with the lane.
 */
export const patchingNames = {
  baseline: (key: string) => awsName('baseline', key),
  ringWindow: (ring: string) => awsName('ring', ring),
  expediteWindow: () => awsName('expedite'),
  scanAssociation: () => awsName('patch-scan'),
  inventoryAssociation: () => awsName('inventory'),
  logBucket: (accountId: string, region: string) => bucketName('patch-logs', accountId, region),
  logGroup: () => `/${NAME_PREFIX}/patching`,
  keyAlias: () => `alias/${NAME_PREFIX}/patching`,
  /** Everything instances write lives below this prefix (the bucket's lifecycle expires only it). */
  logPrefix: 'logs/',
  ringLogPrefix: (ring: string) => `logs/ring/${ring}`,
  expediteLogPrefix: () => 'logs/expedite',
  scanLogPrefix: () => 'logs/scan',
  /** BaselineOverride documents instances read. */
  overridePrefix: 'baseline-overrides/',
  expediteOverrideKey: () => 'baseline-overrides/expedite.json',
  /** The exploit lane: runbook and rule, its two roles (IAM names are account-wide: the region is in them), its output. */
  exploitLane: () => awsName('exploit-lane'),
  exploitLaneRole: (purpose: 'events' | 'automation', region: string) => awsName('exploit', purpose, region),
  exploitLaneLogPrefix: () => 'logs/exploit-lane',
} as const;

/** Observed-evidence names: the bucket and its layout, in the evidence account's home region. */
export const evidenceNames = {
  bucket: (accountId: string, region: string) => bucketName('evidence', accountId, region),
  keyAlias: () => `alias/${NAME_PREFIX}/evidence`,
  alertKeyAlias: () => `alias/${NAME_PREFIX}/evidence-alerts`,
  alertTopic: () => awsName('failure-alerts'),
  /** Resource data sync (one per patching account and region; SSM writes below `<syncPrefix>/<type>/accountid=...`). */
  resourceDataSync: () => awsName('evidence'),
  syncPrefix: 'ssm',
  /** Firehose writes Inspector finding events below this prefix, partitioned by delivery time. */
  findingsPrefix: 'inspector',
  findingsStream: () => awsName('inspector-findings'),
  findingsRule: () => awsName('inspector-findings'),
  failureRule: () => awsName('failures'),
  /** Per forwarding stack: an account's patching and image-factory stacks both forward, and rule and role names are account-wide. */
  forwardRule: (concern: Concern) => awsName('forward-failures', concern),
  forwardRole: (concern: Concern) => awsName('forward-failures', concern),
  firehoseRole: () => awsName('evidence-firehose'),
  eventsRole: () => awsName('evidence-events'),
} as const;
