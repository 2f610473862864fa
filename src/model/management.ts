// What the organization's management account must carry for the rest of the profile to work.
import type { OrgModel } from '.';

/**
 * True when some pipeline publishes an SSM parameter shared with the organization or an OU. RAM accepts
 * organization and OU principals only once sharing with AWS Organizations is enabled, which only the
 * management account can do (RAM EnableSharingWithAwsOrganization: "You must call this operation from an
 * IAM role or user in the organization's management account").
 */
export function ramSharingWithOrganizationNeeded(model: OrgModel): boolean {
  return (model.imageFactory?.pipelines ?? []).some(
    (p) =>
      p.parameter !== undefined &&
      (p.sharedWith?.organization !== undefined || (p.sharedWith?.organizationalUnits?.length ?? 0) > 0),
  );
}

/** Does the profile need a stack in the management account at all (Inspector delegation or RAM sharing)? */
export const managementStackNeeded = (model: OrgModel) =>
  model.inspector !== undefined || ramSharingWithOrganizationNeeded(model);
