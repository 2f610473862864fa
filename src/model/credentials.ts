// The one place that decides how a stack's AWS providers authenticate in its account.
//
// Member accounts: assume the profile's deploymentRole (Organizations creates OrganizationAccountAccessRole
// in the member accounts it creates; invited accounts and custom role names need the role created first).
// The management account has no such role: Organizations never creates OrganizationAccountAccessRole there
// ("Accessing member accounts in your organization", AWS Organizations User Guide:
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html), and
// service-managed StackSets never deploy to it. So the management account is reached the way
// organization.managementAccess says: a role the user created there, or the pipeline's own credentials.
import type { PatchlineOrgProfile as Profile } from '../profile/profile.generated';
import type { Account, OrgModel } from '.';

export type ProviderCredentials =
  /** Assume this role (by name) in the stack's account. */
  | { readonly kind: 'role'; readonly roleName: string }
  /** The caller's own credentials, which must already be the stack's account (allowed_account_ids checks it). */
  | { readonly kind: 'ambient' };

/** How Terraform reaches the management account; the pipeline's own credentials unless the profile names a role. */
export function managementCredentials(access: Profile['organization']['managementAccess']): ProviderCredentials {
  const role = access?.role;
  return role !== undefined ? { kind: 'role', roleName: role } : { kind: 'ambient' };
}

/** The credentials every provider of a stack in `account` uses. */
export function accountCredentials(model: OrgModel, account: Account): ProviderCredentials {
  return account.id === model.management.id ? model.managementAccess : { kind: 'role', roleName: model.deploymentRole };
}
