/* Generated from schemas/profile.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Every region the organization runs workloads in. Accounts use all of them unless they list their own.
 *
 * @minItems 1
 */
export type RegionList = [Region, ...Region[]];
/**
 * An AWS region code, e.g. ap-southeast-2.
 */
export type Region = string;
/**
 * A 12-digit AWS account ID, quoted so YAML keeps leading zeros.
 */
export type AccountId = string;
/**
 * The regions this account uses, a subset of organization.regions.
 *
 * @minItems 1
 */
export type RegionList1 = [Region, ...Region[]];
/**
 * An IANA time zone name, e.g. Australia/Sydney.
 */
export type Timezone = string;
/**
 * Regions the image is copied to, each a region of the organization.
 *
 * @minItems 1
 */
export type RegionList2 = [Region, ...Region[]];
/**
 * A short name used as a key in this profile: lower-case letters, digits and dashes.
 */
export type Name = string;
/**
 * Every account in these OUs, nested OUs included.
 */
export type NameList = Name[];
/**
 * These accounts.
 */
export type NameList1 = Name[];
/**
 * Patch classifications (e.g. Security, Bugfix, CriticalUpdates).
 *
 * @minItems 1
 *
 * Items: A filter value.
 */
export type FilterValues = [string, ...string[]];
/**
 * Vendor severities (e.g. Critical, Important).
 *
 * @minItems 1
 *
 * Items: A filter value.
 */
export type FilterValues1 = [string, ...string[]];
/**
 * Ubuntu/Debian package priorities (Required, Important, Standard, Optional): how essential a package is, not how severe its vulnerability. Ubuntu and Debian have no severity filter: a rule approves only updates from the release's security pocket (e.g. noble-security) unless enableNonSecurity, so to fast-track every security fix an expedite rule must select every priority.
 *
 * @minItems 1
 *
 * Items: A filter value.
 */
export type FilterValues2 = [string, ...string[]];
/**
 * Ubuntu/Debian package sections (e.g. libs, net); * for all. Like priority, it selects packages, not vulnerabilities.
 *
 * @minItems 1
 *
 * Items: A filter value.
 */
export type FilterValues3 = [string, ...string[]];
/**
 * Products (e.g. WindowsServer2022, AmazonLinux2023); all when omitted.
 *
 * @minItems 1
 *
 * Items: A filter value.
 */
export type FilterValues4 = [string, ...string[]];
/**
 * Compliance severity reported for missing patches.
 */
export type ComplianceLevel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNSPECIFIED';

/**
 * One file that drives golden-image pipelines, AMI sharing, patching, vulnerability scanning and the Essential Eight evidence report for an AWS organization.
 */
export interface PatchlineOrgProfile {
  /**
   * Profile format version. Only 1 exists.
   */
  version: 1;
  organization: Organization;
  terraform?: Terraform;
  compliance: Compliance;
  inspector?: Inspector;
  evidence?: Evidence;
  imageFactory?: ImageFactory;
  patching?: Patching;
  /**
   * Register of approved exceptions to Essential Eight requirements, with compensating controls, expiry and review cycle.
   */
  exemptions?: Exemption[];
}
/**
 * The AWS organization: its IDs, regions, organizational units and member accounts.
 */
export interface Organization {
  /**
   * The organization ID (o-...).
   */
  id: string;
  /**
   * The organization root ID (r-...).
   */
  rootId: string;
  /**
   * IAM role name that Terraform assumes in every account (arn:aws:iam::<account>:role/<deploymentRole>).
   */
  deploymentRole: string;
  /**
   * How Terraform reaches the management account, where Organizations creates no deploymentRole (OrganizationAccountAccessRole exists only in member accounts). Exactly one of role or credentials; default: credentials: ambient.
   */
  managementAccess?: {
    /**
     * Name of a role you created in the management account; Terraform assumes arn:aws:iam::<management>:role/<role>.
     */
    role?: string;
    /**
     * ambient: the pipeline's own credentials, which must belong to the management account (allowed_account_ids stops the plan otherwise).
     */
    credentials?: 'ambient';
  };
  /**
   * Name of the organization's management account (a key of accounts).
   */
  managementAccount: string;
  /**
   * Region for global resources (IAM) and the organization-level configuration.
   */
  homeRegion: string;
  regions: RegionList;
  /**
   * Organizational units by name.
   */
  organizationalUnits?: {
    /**
     * An organizational unit.
     */
    [k: string]: {
      /**
       * The OU ID (ou-...).
       */
      id: string;
      /**
       * A short name used as a key in this profile: lower-case letters, digits and dashes.
       */
      parent?: string;
    };
  };
  /**
   * Member accounts by name (alias). The name is cosmetic: state keys use the account ID.
   */
  accounts: {
    /**
     * A member account.
     */
    [k: string]: {
      id: AccountId;
      /**
       * A short name used as a key in this profile: lower-case letters, digits and dashes.
       */
      ou?: string;
      /**
       * What the account's systems face, which sets the Essential Eight patch and scan timeframes.
       */
      exposure: 'internet-facing' | 'internal' | 'workstation';
      regions?: RegionList1;
    };
  };
}
/**
 * How the generated Terraform stores state and tags resources.
 */
export interface Terraform {
  /**
   * Where each stack keeps its state. Exactly one of local, s3 or cloud.
   */
  backend?: {
    /**
     * State files on disk under state/ (for trying things out).
     */
    local?: {
      /**
       * Directory for state files, relative to the project.
       */
      directory: string;
    };
    /**
     * An S3 bucket; each stack's key is <keyPrefix><account id>/<concern>.tfstate.
     */
    s3?: {
      /**
       * State bucket name.
       */
      bucket: string;
      /**
       * An AWS region code, e.g. ap-southeast-2.
       */
      region: string;
      /**
       * Prefix for every state key, usually ending in /.
       */
      keyPrefix: string;
      /**
       * Lock state with an S3 lock file (Terraform 1.10+).
       */
      useLockfile: boolean;
      /**
       * KMS key ARN for state encryption; the bucket default is used when omitted.
       */
      kmsKeyId?: string;
      /**
       * Role to assume for state access, when the pipeline's own credentials cannot reach the bucket.
       */
      roleArn?: string;
    };
    /**
     * HCP Terraform or Terraform Enterprise: one workspace per stack, named <workspacePrefix><account id>-<concern>.
     */
    cloud?: {
      /**
       * HCP Terraform organization name.
       */
      organization: string;
      /**
       * HCP Terraform project the workspaces belong to.
       */
      project?: string;
      /**
       * Prefix of every workspace name.
       */
      workspacePrefix: string;
      /**
       * Terraform Enterprise host name.
       */
      hostname: string;
    };
  };
  /**
   * Tags applied to every resource through the providers' default_tags.
   */
  defaultTags?: {
    /**
     * Tag value.
     */
    [k: string]: string;
  };
  /**
   * IAM role (or user) ARN of the CI identity that plans pull requests. Each account then gets a read-only role, patchline-plan, trusted only by this principal; `plan --role plan` assumes it. The principal's account must be in organization.accounts.
   */
  planPrincipal?: string;
}
/**
 * The compliance framework the profile is assessed against.
 */
export interface Compliance {
  /**
   * Assessment framework.
   */
  framework: 'essential-eight';
  /**
   * Edition of the Essential Eight Maturity Model.
   */
  edition: '2023-11' | '2021-07';
  /**
   * Maturity level the organization aims for.
   */
  targetMaturity: number;
  /**
   * Stop synthesis when the profile cannot meet the target maturity level.
   */
  enforce: boolean;
}
/**
 * Amazon Inspector as the organization's vulnerability scanner, administered from a delegated account.
 */
export interface Inspector {
  /**
   * A short name used as a key in this profile: lower-case letters, digits and dashes.
   */
  delegatedAdmin: string;
  /**
   * Scan types enabled for every member account.
   *
   * Items: A scan type.
   */
  autoEnable: ('ec2' | 'ecr' | 'lambda' | 'lambda-code')[];
}
/**
 * Observed evidence: patch compliance, instance information and inventory from every patching account (Systems Manager resource data sync), Inspector findings and failure alerts, collected in one account's write-once bucket. On by default in the Inspector delegated administrator account.
 */
export interface Evidence {
  /**
   * Collect observed evidence.
   */
  enabled: boolean;
  /**
   * A short name used as a key in this profile: lower-case letters, digits and dashes.
   */
  account?: string;
  /**
   * Days evidence is kept and locked against deletion (S3 Object Lock default retention, then lifecycle expiry).
   */
  retentionDays: number;
  /**
   * Object Lock mode: GOVERNANCE (principals with s3:BypassGovernanceRetention may delete early) or COMPLIANCE (nobody can, not even the root user).
   */
  objectLockMode: 'GOVERNANCE' | 'COMPLIANCE';
  /**
   * Where failure alerts go (default: imageFactory.notifications).
   */
  notifications?: {
    /**
     * Email address subscribed to the failure alert topic.
     */
    email?: string;
  };
}
/**
 * EC2 Image Builder pipelines that build hardened, scanned golden AMIs and distribute them.
 */
export interface ImageFactory {
  /**
   * A short name used as a key in this profile: lower-case letters, digits and dashes.
   */
  account: string;
  /**
   * An AWS region code, e.g. ap-southeast-2.
   */
  buildRegion: string;
  /**
   * Where build notifications go.
   */
  notifications?: {
    /**
     * Email address subscribed to the build notification topic.
     */
    email?: string;
  };
  /**
   * Network placement of build instances; the default VPC when omitted.
   */
  network?: {
    /**
     * Subnet for build instances.
     */
    subnetId: string;
    /**
     * Security groups for build instances.
     *
     * @minItems 1
     *
     * Items: A security group ID.
     */
    securityGroupIds: [string, ...string[]];
  };
  /**
   * Instance types for builds and tests; Image Builder picks a default when omitted.
   *
   * Items: An EC2 instance type.
   */
  instanceTypes?: string[];
  /**
   * Image pipelines by name. The name becomes part of AWS resource names: 3 to 40 characters.
   */
  pipelines: {
    [k: string]: Pipeline;
  };
}
/**
 * One golden-image pipeline.
 */
export interface Pipeline {
  /**
   * What the image is for.
   */
  description?: string;
  /**
   * Operating system and release of the image, used for the OS currency assessment.
   */
  os:
    | 'amazon-linux-2'
    | 'amazon-linux-2023'
    | 'ubuntu-20.04'
    | 'ubuntu-22.04'
    | 'ubuntu-24.04'
    | 'windows-server-2016'
    | 'windows-server-2019'
    | 'windows-server-2022'
    | 'windows-server-2025'
    | 'rhel-8'
    | 'rhel-9';
  /**
   * CPU architecture.
   */
  architecture: 'x86_64' | 'arm64';
  /**
   * The image to start from. Exactly one of ssm, name or ami.
   */
  parentImage: {
    /**
     * Public SSM parameter holding the latest AMI ID, resolved at each build.
     */
    ssm?: string;
    /**
     * An Amazon-managed Image Builder image name, with an optional version filter: amazon-linux-2023-x86 (the newest version, x.x.x), amazon-linux-2023-x86/2024.x.x, or a fixed amazon-linux-2023-x86/2024.1.0. Only a filter ending in x picks up new versions.
     */
    name?: string;
    /**
     * A fixed AMI ID.
     */
    ami?: string;
  };
  /**
   * Root volume of the build instance and the image.
   */
  rootVolume?: {
    /**
     * Size in GiB.
     */
    sizeGb?: number;
    /**
     * Root device name; defaults by OS family (/dev/xvda, /dev/sda1).
     */
    deviceName?: string;
  };
  /**
   * Build components in order.
   *
   * @minItems 1
   */
  components: [ComponentRef, ...ComponentRef[]];
  /**
   * Test components run on an instance launched from the new image.
   */
  tests?: ComponentRef[];
  /**
   * Fail the build (the image is not distributed and its parameter keeps the previous AMI) when the finished image still lacks a security update its vendor rates at or above this severity: critical, or important (critical and important). On Ubuntu any pending update from the security pocket fails it (apt has no severity).
   */
  vulnerabilityGate?: 'critical' | 'important';
  /**
   * When the pipeline builds.
   */
  schedule: {
    /**
     * A cron(...) expression.
     */
    cron: string;
    timezone?: Timezone;
    /**
     * Build only when the parent image or a component has a newer version.
     */
    onlyWhenUpdatesAvailable: boolean;
    /**
     * Longest a build may take from start to published AMI (build, test, scan, distribution), in hours. Image Builder sets no overall limit; the evidence report adds this to the longest gap between runs for the golden-image delay. Default 12, the image test timeout Patchline sets.
     */
    maxBuildHours?: number;
  };
  /**
   * Scan each new image with Amazon Inspector.
   */
  scanning: boolean;
  /**
   * Where finished images go and who may launch them. Public sharing cannot be expressed.
   */
  distribution: {
    regions: RegionList2;
    /**
     * Who may launch the image: the organization, some of its OUs, or some of its accounts.
     */
    shareWith?: {
      /**
       * Share with the whole organization.
       */
      organization?: true;
      /**
       * Share with these OUs (and the OUs below them).
       *
       * @minItems 1
       */
      organizationalUnits?: [Name, ...Name[]];
      /**
       * Share with these accounts.
       *
       * @minItems 1
       */
      accounts?: [Name, ...Name[]];
    };
    /**
     * Accounts that receive a private copy of the image, owned by them.
     *
     * @minItems 1
     */
    copyTo?: [Name, ...Name[]];
    /**
     * SSM parameter that always holds the latest AMI ID.
     */
    parameter?: string;
  };
  /**
   * How many images to keep and when older ones are deprecated or deleted.
   */
  retention: {
    /**
     * Newest images that are always kept (at most 10 with deprecateAfterDays or deleteAfterDays). Without either age, older images are deleted at once (except those launched within keepLaunchedWithinDays).
     */
    keepLatest: number;
    /**
     * Deprecate images older than this many days (at most 1000), beyond the newest keepLatest. Deprecated images stay launchable by ID.
     */
    deprecateAfterDays?: number;
    /**
     * Delete images (and their snapshots) older than this many days (at most 1000), beyond the newest keepLatest. With deprecateAfterDays and no deleteAfterDays, images are deleted at twice the deprecation age (at most 1000 days).
     */
    deleteAfterDays?: number;
    /**
     * Never delete an image whose AMI launched an instance within this many days (Image Builder lifecycle exclusion rule on the AMI's last launch time). Default 30.
     */
    keepLaunchedWithinDays?: number;
  };
}
/**
 * An AWS-managed component by name, or a component document of your own.
 */
export interface ComponentRef {
  /**
   * Name of an Amazon-managed Image Builder component, e.g. update-linux.
   */
  aws?: string;
  /**
   * Path of an AWSTOE component document, relative to this profile.
   */
  file?: string;
}
/**
 * Systems Manager Patch Manager: baselines, rings of maintenance windows, the expedite lane and daily scans.
 */
export interface Patching {
  /**
   * Accounts whose instances get baselines, maintenance windows and scans.
   */
  targets: {
    organizationalUnits?: NameList;
    accounts?: NameList1;
  };
  /**
   * Instance tag key whose value names the instance's ring. Instances without it are scanned but never patched.
   */
  ringTag: string;
  /**
   * Who collects Systems Manager Inventory: patchline (an AWS-GatherSoftwareInventory association in every patched account and region) or existing (the organization already runs one, e.g. Quick Setup or Explorer; a node takes only one inventory association, so Patchline creates none).
   */
  inventory: 'patchline' | 'existing';
  /**
   * Patch baselines by name, one per operating system.
   */
  baselines: {
    [k: string]: Baseline;
  };
  /**
   * Maintenance-window rings by name; an instance's ring tag names its ring.
   */
  rings: {
    [k: string]: Ring;
  };
  /**
   * A nightly window, across all rings, that installs only what the expedite rules approve, in accounts of the listed exposures.
   */
  expedite?: {
    /**
     * Account exposures that get the expedite lane.
     *
     * @minItems 1
     *
     * Items: An account exposure.
     */
    exposures: ['internet-facing' | 'internal' | 'workstation', ...('internet-facing' | 'internal' | 'workstation')[]];
    /**
     * When the window opens.
     */
    schedule: string;
    timezone?: Timezone;
    /**
     * Days after the cron match to open the window (1-6), e.g. the Saturday after Patch Tuesday.
     */
    offsetDays?: number;
    /**
     * How long the window stays open, in whole hours (1h to 24h).
     */
    duration: string;
    /**
     * Stop starting new tasks this long before the window closes; shorter than duration. AWS counts cutoffs in whole hours, so a part hour rounds up (30m stops new tasks 1h before the end).
     */
    cutoff: string;
    /**
     * How many instances patch at once.
     */
    maxConcurrency: string;
    /**
     * How many failures stop the window.
     */
    maxErrors: string;
    /**
     * The longest one instance's patch run is expected to take (e.g. 30m). With maxConcurrency as a percentage, the ring must finish in one window: ceil(100 / percentage) waves of this length must fit in duration - cutoff, or validation fails.
     */
    expectedRunTime?: string;
    /**
     * Reboot after installing patches when they need it, or never.
     */
    reboot: 'if-needed' | 'never';
  };
  /**
   * Event-driven lane: when Amazon Inspector reports an active finding with a fix (and an exploit, or critical severity) on an EC2 instance, patch that instance with the expedite rules at once, in accounts of the listed exposures.
   */
  exploitLane?: {
    /**
     * Account exposures that get the lane.
     *
     * @minItems 1
     *
     * Items: An account exposure.
     */
    exposures: ['internet-facing' | 'internal' | 'workstation', ...('internet-facing' | 'internal' | 'workstation')[]];
    /**
     * Which findings start a run: an exploit is known (exploitAvailable YES), Inspector rates it CRITICAL, or either. Always only ACTIVE findings with fixAvailable YES.
     */
    trigger: 'exploit-available' | 'critical' | 'either';
    /**
     * Instances patching at once per account and region (a count: runs start one event at a time, so there is no percentage of a whole).
     */
    maxConcurrency: number;
    /**
     * Failed patch runs in the last 24 hours, per account and region, after which the lane stops starting new runs (the circuit breaker).
     */
    maxErrors: number;
    /**
     * How long a run waits for a free slot before it gives up and fails (reported); part of the lane's worst case.
     */
    queueTimeout: string;
    /**
     * How long EventBridge keeps retrying to start a run before it drops the event (its retry policy's maximum event age, 1m to 24h); part of the lane's worst case.
     */
    deliveryTimeout: string;
    /**
     * Reboot after installing patches when they need it, or never.
     */
    reboot: 'if-needed' | 'never';
    /**
     * How instances outside the canary ring are handled while the canary ring soaks: include (patch at once), hold (wait `hold` after the finding, so canary instances patch first) or skip (leave them to their ring window, reported).
     */
    canary?: {
      /**
       * A short name used as a key in this profile: lower-case letters, digits and dashes.
       */
      ring: string;
      /**
       * What happens to instances of the other rings.
       */
      others: 'include' | 'hold' | 'skip';
      /**
       * How long instances of the other rings wait (with others: hold).
       */
      hold?: string;
    };
  };
  /**
   * Daily patch compliance scan and software inventory on every managed instance.
   */
  scan: {
    /**
     * How often to scan for missing patches.
     */
    schedule: string;
    /**
     * How often to gather software inventory (asset discovery).
     */
    inventorySchedule: string;
  };
  /**
   * Days patch logs are kept in the patch-log bucket and CloudWatch Logs.
   */
  logRetentionDays: number;
  /**
   * Per-account changes to ring windows, by account name and ring name.
   */
  accountOverrides?: {
    /**
     * Overrides for one account.
     */
    [k: string]: {
      /**
       * Ring settings that replace the ring's own for this account.
       */
      rings: {
        [k: string]: RingOverride;
      };
    };
  };
}
/**
 * A patch baseline for one operating system.
 */
export interface Baseline {
  /**
   * Patch Manager operating system.
   */
  os:
    | 'AMAZON_LINUX_2'
    | 'AMAZON_LINUX_2023'
    | 'UBUNTU'
    | 'DEBIAN'
    | 'WINDOWS'
    | 'REDHAT_ENTERPRISE_LINUX'
    | 'ROCKY_LINUX'
    | 'ALMA_LINUX'
    | 'ORACLE_LINUX'
    | 'SUSE'
    | 'CENTOS'
    | 'MACOS';
  /**
   * What the baseline is for.
   */
  description?: string;
  /**
   * Approval rules.
   *
   * @minItems 1
   * @maxItems 10
   */
  rules:
    | [Rule]
    | [Rule, Rule]
    | [Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule]
    | [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule];
  /**
   * Patches always approved.
   *
   * Items: A patch name or KB ID.
   */
  approvedPatches?: string[];
  /**
   * Patches never approved.
   *
   * Items: A patch name or KB ID.
   */
  rejectedPatches?: string[];
  /**
   * Whether rejected patches already installed as dependencies are allowed or blocked.
   */
  rejectedPatchesAction: 'ALLOW_AS_DEPENDENCY' | 'BLOCK';
  /**
   * Compliance severity reported for missing patches.
   */
  approvedPatchesComplianceLevel?: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNSPECIFIED';
}
/**
 * A patch approval rule: the filters select patches, the delay decides when they are approved.
 */
export interface Rule {
  classification?: FilterValues;
  severity?: FilterValues1;
  priority?: FilterValues2;
  section?: FilterValues3;
  product?: FilterValues4;
  /**
   * Days after release before a matching patch is approved (0-360).
   */
  approveAfterDays?: number;
  /**
   * Approve matching patches released on or before this date.
   */
  approveUntilDate?: string;
  complianceLevel: ComplianceLevel;
  /**
   * Also install non-security updates from the repositories (Linux). Without it, Ubuntu and Debian rules approve only updates from the release's security pocket.
   */
  enableNonSecurity: boolean;
  /**
   * Patches this rule approves are also installed by the nightly expedite lane. On Ubuntu and Debian that is every security update of the priorities and sections the rule selects: Patch Manager cannot select them by severity there.
   */
  expedite: boolean;
}
/**
 * A ring: one maintenance window in every target account and region, for instances tagged with the ring name.
 */
export interface Ring {
  /**
   * When the window opens.
   */
  schedule: string;
  timezone?: Timezone;
  /**
   * Days after the cron match to open the window (1-6), e.g. the Saturday after Patch Tuesday.
   */
  offsetDays?: number;
  /**
   * How long the window stays open, in whole hours (1h to 24h).
   */
  duration: string;
  /**
   * Stop starting new tasks this long before the window closes; shorter than duration. AWS counts cutoffs in whole hours, so a part hour rounds up (30m stops new tasks 1h before the end).
   */
  cutoff: string;
  /**
   * How many instances patch at once.
   */
  maxConcurrency: string;
  /**
   * How many failures stop the window.
   */
  maxErrors: string;
  /**
   * The longest one instance's patch run is expected to take (e.g. 30m). With maxConcurrency as a percentage, the ring must finish in one window: ceil(100 / percentage) waves of this length must fit in duration - cutoff, or validation fails.
   */
  expectedRunTime?: string;
  /**
   * Reboot after installing patches when they need it, or never.
   */
  reboot: 'if-needed' | 'never';
}
/**
 * Ring settings for one account; unset ones come from the ring.
 */
export interface RingOverride {
  /**
   * When the window opens.
   */
  schedule?: string;
  timezone?: Timezone;
  /**
   * Days after the cron match to open the window (1-6), e.g. the Saturday after Patch Tuesday.
   */
  offsetDays?: number;
  /**
   * How long the window stays open, in whole hours (1h to 24h).
   */
  duration?: string;
  /**
   * Stop starting new tasks this long before the window closes; shorter than duration. AWS counts cutoffs in whole hours, so a part hour rounds up (30m stops new tasks 1h before the end).
   */
  cutoff?: string;
  /**
   * How many instances patch at once.
   */
  maxConcurrency?: string;
  /**
   * How many failures stop the window.
   */
  maxErrors?: string;
  /**
   * The longest one instance's patch run is expected to take (e.g. 30m). With maxConcurrency as a percentage, the ring must finish in one window: ceil(100 / percentage) waves of this length must fit in duration - cutoff, or validation fails.
   */
  expectedRunTime?: string;
  /**
   * Reboot after installing patches when they need it, or never; unset keeps the ring's.
   */
  reboot?: 'if-needed' | 'never';
}
/**
 * An approved exception to Essential Eight requirements.
 */
export interface Exemption {
  /**
   * Exemption register ID.
   */
  id: string;
  /**
   * One-line summary.
   */
  title: string;
  /**
   * Why the exception exists.
   */
  category: 'legacy-system' | 'critical-production' | 'regulatory' | 'third-party' | 'custom-application';
  /**
   * What the exemption covers: an account, optionally narrowed to instances with these tags, or a pipeline.
   */
  scope: {
    /**
     * A short name used as a key in this profile: lower-case letters, digits and dashes.
     */
    account?: string;
    /**
     * Name of an image pipeline.
     */
    pipeline?: string;
    /**
     * Instance tags that narrow the scope.
     */
    tags?: {
      /**
       * Tag value.
       */
      [k: string]: string;
    };
  };
  /**
   * The requirements the exemption waives.
   *
   * @minItems 1
   *
   * Items: A waivable requirement.
   */
  waives: [
    'unsupported-os' | 'os-currency' | 'patch-timeframe' | 'vulnerability-scan' | 'asset-discovery',
    ...('unsupported-os' | 'os-currency' | 'patch-timeframe' | 'vulnerability-scan' | 'asset-discovery')[]
  ];
  /**
   * Why the requirement cannot be met.
   */
  justification: string;
  /**
   * Controls that reduce the risk meanwhile.
   *
   * @minItems 1
   *
   * Items: A control.
   */
  compensatingControls: [string, ...string[]];
  /**
   * Residual risk rating.
   */
  risk: 'low' | 'medium' | 'high' | 'extreme';
  /**
   * Who accepted the risk (email).
   */
  approvedBy?: string;
  /**
   * When it was approved.
   */
  approvedOn: string;
  /**
   * When it ends.
   */
  expires: string;
  /**
   * Review cycle, in days (e.g. 180d); counted from approvedOn or lastReviewed.
   */
  reviewEvery: string;
  /**
   * When it was last reviewed.
   */
  lastReviewed?: string;
}
