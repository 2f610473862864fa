// Amazon Inspector run from the delegated administrator in one region: scanning on in the admin
// account, auto-enable for new members, and every existing member associated and enabled.
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { Inspector2MemberAssociation } from '@cdktf/provider-aws/lib/inspector2-member-association';
import { Inspector2OrganizationConfiguration } from '@cdktf/provider-aws/lib/inspector2-organization-configuration';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

import type { InspectorScanType } from '../../src/aws/inspector-regions';

export type { InspectorScanType };

export interface InspectorAdminProps {
  /** Provider for the region, authenticated in the delegated administrator account. */
  readonly provider: AwsProvider;
  /** The delegated administrator's own account ID. */
  readonly adminAccountId: string;
  /** The other accounts to associate and scan in this region; must not contain the administrator. Order does not matter. */
  readonly memberAccountIds: readonly string[];
  /** Scan types to enable in this region, in the administrator, in every member, and automatically for new
   * members; only types Inspector offers in the region (src/aws/inspector-regions.ts). */
  readonly scanTypes: readonly InspectorScanType[];
  /** Create, update and delete timeout of every resource (Terraform duration); enablement can take
   * over 15 minutes in large organizations.
   * @default '30m' */
  readonly timeout?: string;
}

/**
 * Order (each step `depends_on` the one before): enable the administrator's own account, then the
 * organization configuration, then per member an association and an enabler.
 *
 * - The administrator gets its own `aws_inspector2_enabler`: the provider rejects an `account_ids`
 *   mixing the administrator with members (terraform-provider-aws #31307).
 * - Members get one enabler each, after their association: `auto_enable` only applies to new members
 *   (UpdateOrganizationConfiguration: "enabled automatically for new members"), so accounts that were
 *   already in the organization are enabled explicitly, as the provider's own acceptance tests and
 *   AWS's inspector2-enablement-with-cli do (associate, then enable). One per account keeps each
 *   resource address stable (keyed by account ID), stays under the Enable API's 100-account limit,
 *   and removing an account from the profile disables only that account.
 */
export class InspectorAdmin extends Construct {
  /** Inspector on in the administrator account: anything else the administrator creates waits for it. */
  readonly adminEnabler: Inspector2Enabler;
  readonly organizationConfiguration: Inspector2OrganizationConfiguration;
  readonly memberAssociations: readonly Inspector2MemberAssociation[];
  readonly memberEnablers: readonly Inspector2Enabler[];

  constructor(scope: Construct, id: string, props: InspectorAdminProps) {
    super(scope, id);
    const { provider, adminAccountId } = props;
    const scanTypes = [...new Set(props.scanTypes)].sort();
    if (scanTypes.length === 0) throw new Error('InspectorAdmin needs at least one scan type');
    const members = [...new Set(props.memberAccountIds)].sort();
    if (members.includes(adminAccountId))
      throw new Error(`InspectorAdmin: the administrator ${adminAccountId} cannot also be a member`);
    const timeout = props.timeout ?? '30m';
    const timeouts = { create: timeout, update: timeout, delete: timeout };

    this.adminEnabler = new Inspector2Enabler(this, 'enabler-admin', {
      provider,
      accountIds: [adminAccountId],
      resourceTypes: scanTypes,
      timeouts,
    });

    const on = (t: InspectorScanType) => scanTypes.includes(t);
    this.organizationConfiguration = new Inspector2OrganizationConfiguration(this, 'organization-configuration', {
      provider,
      autoEnable: { ec2: on('EC2'), ecr: on('ECR'), lambda: on('LAMBDA'), lambdaCode: on('LAMBDA_CODE') },
      timeouts,
      dependsOn: [this.adminEnabler],
    });

    const associations: Inspector2MemberAssociation[] = [];
    const enablers: Inspector2Enabler[] = [];
    for (const accountId of members) {
      const association = new Inspector2MemberAssociation(this, `member-${accountId}`, {
        provider,
        accountId,
        timeouts: { create: timeout, delete: timeout },
        dependsOn: [this.organizationConfiguration],
      });
      associations.push(association);
      enablers.push(
        new Inspector2Enabler(this, `enabler-${accountId}`, {
          provider,
          accountIds: [accountId],
          resourceTypes: scanTypes,
          timeouts,
          dependsOn: [association],
        }),
      );
    }
    this.memberAssociations = associations;
    this.memberEnablers = enablers;
  }
}
