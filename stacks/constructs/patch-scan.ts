// Daily visibility on the managed instances of one account and region, ringed or not: an
// AWS-RunPatchBaseline Scan association (patch compliance against the default baselines) and, unless the
// organization already collects inventory, an AWS-GatherSoftwareInventory association (asset discovery).
// Both sync compliance automatically.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmAssociation, type SsmAssociationTargets } from '@cdktf/provider-aws/lib/ssm-association';
import { Construct } from 'constructs';
import type { AssociationTargets } from '../../src/patching/association-targets';

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
  /** Which managed nodes both associations select (src/patching/association-targets.ts).
   * @default every managed node */
  readonly targets?: AssociationTargets;
  /** Create the inventory association; false when the organization already runs one (a node takes only one).
   * @default true */
  readonly collectInventory?: boolean;
}

function associationTargets(t: AssociationTargets): SsmAssociationTargets[] {
  return t.kind === 'all' ? [{ key: 'InstanceIds', values: ['*'] }] : [{ key: 'tag-key', values: [t.key] }];
}

export class PatchScan extends Construct {
  readonly scan: SsmAssociation;
  readonly inventory?: SsmAssociation;

  constructor(scope: Construct, id: string, props: PatchScanProps) {
    super(scope, id);
    const { provider } = props;
    const targets = associationTargets(props.targets ?? { kind: 'all' });
    this.scan = new SsmAssociation(this, 'scan', {
      provider,
      name: 'AWS-RunPatchBaseline',
      associationName: props.scanName,
      targets,
      parameters: { Operation: 'Scan' },
      scheduleExpression: props.scanSchedule,
      complianceSeverity: props.scanSeverity ?? 'HIGH',
      syncCompliance: 'AUTO',
      outputLocation: { s3BucketName: props.outputBucket, s3KeyPrefix: props.outputPrefix },
    });
    if (props.collectInventory === false) return;
    this.inventory = new SsmAssociation(this, 'inventory', {
      provider,
      name: 'AWS-GatherSoftwareInventory',
      associationName: props.inventoryName,
      targets,
      scheduleExpression: props.inventorySchedule,
      complianceSeverity: props.inventorySeverity ?? 'MEDIUM',
      syncCompliance: 'AUTO',
    });
  }
}
