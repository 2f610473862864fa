// Resource sharing with AWS Organizations turned on, from the management account.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RamSharingWithOrganization } from '@cdktf/provider-aws/lib/ram-sharing-with-organization';
import { Construct } from 'constructs';

export interface RamOrganizationSharingProps {
  /** Provider authenticated in the organization's management account (any region: the setting is global). */
  readonly provider: AwsProvider;
}

/**
 * `aws_ram_sharing_with_organization`: RAM's EnableSharingWithAwsOrganization, which enables Organizations
 * trusted access for ram.amazonaws.com and creates the AWSServiceRoleForResourceAccessManager service-linked
 * role (AWS RAM API Reference), so resource shares may name the organization and its OUs. Enabling it
 * again when it is already on succeeds, so an organization that has it keeps it.
 *
 * Destroying the resource would disable trusted access for RAM and delete that role (the provider's
 * delete does both), breaking every organization-wide share, not only Patchline's. prevent_destroy
 * makes that a deliberate act: to stop managing it, `terraform state rm` the address.
 */
export class RamOrganizationSharing extends Construct {
  readonly sharing: RamSharingWithOrganization;

  constructor(scope: Construct, id: string, props: RamOrganizationSharingProps) {
    super(scope, id);
    this.sharing = new RamSharingWithOrganization(this, 'sharing', {
      provider: props.provider,
      lifecycle: { preventDestroy: true },
    });
  }
}
