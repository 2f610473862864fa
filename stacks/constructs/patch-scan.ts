// Daily visibility on every managed instance of one account and region, ringed or not: an
// AWS-RunPatchBaseline Scan association (patch compliance against the default baselines) and an
// AWS-GatherSoftwareInventory association (asset discovery). Both sync compliance automatically.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { Construct } from 'constructs';

export type AssociationSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNSPECIFIED';

export interface PatchScanProps {
  /** Provider of the account and region. */
  readonly provider: AwsProvider;
  /** Association names. */
  readonly scanName: string;
  readonly inventoryName: string;
  /** How often to scan: cron(...) or rate(...). */
  readonly scanSchedule: string;
  /** How often to gather inventory. */
  readonly inventorySchedule: string;
  /** Compliance severity when the scan association fails on an instance.
   * @default 'HIGH' */
  readonly scanSeverity?: AssociationSeverity;
  /** Compliance severity when inventory collection fails.
   * @default 'MEDIUM' */
  readonly inventorySeverity?: AssociationSeverity;
  /** Where scan output goes. */
  readonly outputBucket: string;
  readonly outputPrefix: string;
}

/** Every managed instance in the account and region. */
const ALL_INSTANCES = [{ key: 'InstanceIds', values: ['*'] }];

export class PatchScan extends Construct {
  readonly scan: SsmAssociation;
  readonly inventory: SsmAssociation;

  constructor(scope: Construct, id: string, props: PatchScanProps) {
    super(scope, id);
    const { provider } = props;
    this.scan = new SsmAssociation(this, 'scan', {
      provider,
      name: 'AWS-RunPatchBaseline',
      associationName: props.scanName,
      targets: ALL_INSTANCES,
      parameters: { Operation: 'Scan' },
      scheduleExpression: props.scanSchedule,
      complianceSeverity: props.scanSeverity ?? 'HIGH',
      syncCompliance: 'AUTO',
      outputLocation: { s3BucketName: props.outputBucket, s3KeyPrefix: props.outputPrefix },
    });
    this.inventory = new SsmAssociation(this, 'inventory', {
      provider,
      name: 'AWS-GatherSoftwareInventory',
      associationName: props.inventoryName,
      targets: ALL_INSTANCES,
      scheduleExpression: props.inventorySchedule,
      complianceSeverity: props.inventorySeverity ?? 'MEDIUM',
      syncCompliance: 'AUTO',
    });
  }
}
