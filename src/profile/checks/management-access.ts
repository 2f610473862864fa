// organization.managementAccess: how Terraform reaches the management account. The schema allows exactly
// one of role or credentials; this warns about the role name Organizations never creates there.
import type { Check } from './context';

/** The role Organizations creates in member accounts only ("Accessing member accounts in your organization"). */
const MEMBER_ONLY_ROLE = 'OrganizationAccountAccessRole';

export const checkManagementAccess: Check = (ctx) => {
  const role = ctx.profile.organization.managementAccess?.role;
  if (role === MEMBER_ONLY_ROLE) {
    ctx.report(
      ['organization', 'managementAccess', 'role'],
      `AWS Organizations creates ${MEMBER_ONLY_ROLE} only in member accounts it creates, never in the management account: create the role there yourself, name another role, or use credentials: ambient`,
      { severity: 'warning' },
    );
  }
};
