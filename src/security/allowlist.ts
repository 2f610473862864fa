// Write actions that may be allowed on Resource "*", each because AWS gives it no resource-level
// permission (the Service Authorization Reference lists no resource type for it). Nothing else may
// write to "*": scope it to ARNs instead.

export interface AllowedWildcardAction {
  /** The IAM action, as AWS spells it. */
  readonly action: string;
  /** Why AWS requires Resource "*" for it. */
  readonly reason: string;
}

export const WILDCARD_RESOURCE_WRITES: readonly AllowedWildcardAction[] = [
  {
    action: 'cloudwatch:PutMetricData',
    reason:
      'CloudWatch has no resource type for metrics; PutMetricData accepts only "*" (limit it with the cloudwatch:namespace condition).',
  },
];

const ALLOWED = new Map(WILDCARD_RESOURCE_WRITES.map((a) => [a.action.toLowerCase(), a]));

export const allowedOnWildcard = (action: string) => ALLOWED.get(action.toLowerCase());
