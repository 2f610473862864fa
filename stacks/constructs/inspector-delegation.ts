// Makes an account Amazon Inspector's delegated administrator in one region (run in the management account).
import { Inspector2DelegatedAdminAccount } from '@cdktf/provider-aws/lib/inspector2-delegated-admin-account';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface InspectorDelegationProps {
  /** Provider for the region, authenticated in the organization's management account. */
  readonly provider: AwsProvider;
  /** Account ID to make Inspector's delegated administrator; never the management account. */
  readonly adminAccountId: string;
  /** Create and delete timeout (Terraform duration).
   * @default '30m' */
  readonly timeout?: string;
}

/**
 * `aws_inspector2_delegated_admin_account` for one region.
 *
 * No Organizations resource goes with it: Inspector's EnableDelegatedAdminAccount enables trusted
 * access for inspector2.amazonaws.com and registers the delegated administrator itself (which is why
 * AWS lists organizations:EnableAWSServiceAccess and organizations:RegisterDelegatedAdministrator
 * among the permissions it needs), and owning `aws_service_access_principals` would mean importing
 * the whole `aws_organizations_organization`.
 */
export class InspectorDelegation extends Construct {
  readonly delegatedAdmin: Inspector2DelegatedAdminAccount;

  constructor(scope: Construct, id: string, props: InspectorDelegationProps) {
    super(scope, id);
    const timeout = props.timeout ?? '30m';
    this.delegatedAdmin = new Inspector2DelegatedAdminAccount(this, 'delegated-admin', {
      provider: props.provider,
      accountId: props.adminAccountId,
      timeouts: { create: timeout, delete: timeout },
    });
  }
}
