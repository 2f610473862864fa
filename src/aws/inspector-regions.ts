// Which Amazon Inspector scan types each region offers, as data.
//
// Source: Amazon Inspector User Guide, "Regions and endpoints" (Region-specific feature availability),
// https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html, and "Amazon Inspector endpoints
// and quotas", https://docs.aws.amazon.com/general/latest/gr/inspector2.html (Inspector's own regions, which
// list ap-southeast-4). Lambda code scanning is offered in fewer regions than EC2, ECR and Lambda standard
// scanning; the AWS Config rule inspector-lambda-code-scan-enabled lists the same core regions
// (https://docs.aws.amazon.com/config/latest/developerguide/inspector-lambda-code-scan-enabled.html).
//
// Only regions checked against those pages are listed. A region missing here is "unknown": Patchline
// enables the profile's scan types there as asked and validation warns, so the table is extended rather
// than guessed. Update it when AWS adds a feature to a region.

/** Inspector's resource scan types (the Enable API's resourceTypes). */
export type InspectorScanType = 'EC2' | 'ECR' | 'LAMBDA' | 'LAMBDA_CODE';

/** Profile scan type (inspector.autoEnable) → Inspector resource type. */
export const PROFILE_SCAN_TYPES = {
  ec2: 'EC2',
  ecr: 'ECR',
  lambda: 'LAMBDA',
  'lambda-code': 'LAMBDA_CODE',
} as const satisfies Record<string, InspectorScanType>;

const ALL: readonly InspectorScanType[] = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'];
/** Inspector without Lambda code scanning. */
const NO_LAMBDA_CODE: readonly InspectorScanType[] = ['EC2', 'ECR', 'LAMBDA'];

export const INSPECTOR_SCAN_TYPES_BY_REGION: Readonly<Record<string, readonly InspectorScanType[]>> = {
  'us-east-1': ALL,
  'us-east-2': ALL,
  'us-west-2': ALL,
  'eu-central-1': ALL,
  'eu-west-1': ALL,
  'eu-west-2': ALL,
  'eu-north-1': ALL,
  'ap-northeast-1': ALL,
  'ap-southeast-1': ALL,
  'ap-southeast-2': ALL,
  // Asia Pacific (Melbourne), an opt-in region: Inspector is there, Lambda code scanning is not.
  'ap-southeast-4': NO_LAMBDA_CODE,
};

/** The scan types Inspector offers in a region, or undefined when the table does not know the region. */
export const inspectorScanTypesIn = (region: string): readonly InspectorScanType[] | undefined =>
  INSPECTOR_SCAN_TYPES_BY_REGION[region];

/** Of `wanted`, what Inspector offers in `region` (all of `wanted` when the region is unknown), in `wanted`'s order. */
export function availableScanTypes(region: string, wanted: readonly InspectorScanType[]): InspectorScanType[] {
  const offered = inspectorScanTypesIn(region);
  return offered ? wanted.filter((t) => offered.includes(t)) : [...wanted];
}
