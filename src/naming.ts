// Naming, tagging and identity rules, in one place. Anything that ends up in a state key or a
// resource address derives from stable identifiers (account IDs, region codes, profile keys of the
// thing itself), never from an account's alias, so cosmetic edits never move state.
import type { Account } from './profile/model';

/** What one stack (one Terraform state) manages in one account. */
export type Concern = 'inspector-delegation' | 'inspector' | 'image-consumer' | 'image-factory' | 'patching';

/** Deploy order between concerns when nothing more specific applies. */
export const CONCERNS: readonly Concern[] = ['inspector-delegation', 'inspector', 'image-consumer', 'image-factory', 'patching'];

/** Human-facing stack name (cdktf.out/stacks/<name>, `cdktf deploy <name>`). */
export const stackName = (account: Account, concern: Concern) => `${account.alias}-${concern}`;

/** The stack's identity across renames: account ID + concern. */
export const stackKey = (accountId: string, concern: Concern) => `${accountId}/${concern}`;

/** S3 state key, below the profile's key prefix. */
export const stateKey = (prefix: string, accountId: string, concern: Concern) => `${prefix}${stackKey(accountId, concern)}.tfstate`;

/** Local state file, relative to the stack's working directory (cdktf.out/stacks/<name>). */
export const localStatePath = (directory: string, accountId: string, concern: Concern) =>
  `../../../${directory}/${accountId}-${concern}.tfstate`;

/** HCP Terraform workspace name. */
export const workspaceName = (prefix: string, accountId: string, concern: Concern) => `${prefix}${accountId}-${concern}`;

export const roleArn = (accountId: string, role: string, partition = 'aws') => `arn:${partition}:iam::${accountId}:role/${role}`;

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
} as const;
