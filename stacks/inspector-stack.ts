// The delegated administrator's side of Inspector, in every organization region: scanning on for the
// whole organization, and saved findings filters for triage.
import type { Construct } from 'constructs';
import type { OrgModel } from '../src/profile/model';
import type { PatchlineOrgProfile } from '../src/profile/profile.generated';
import { AccountStack, type AccountStackProps } from './account-stack';
import { InspectorAdmin, type InspectorScanType } from './constructs/inspector-admin';
import { InspectorFindingsFilters } from './constructs/inspector-findings-filters';

type ProfileScanType = NonNullable<NonNullable<PatchlineOrgProfile['inspector']>['autoEnable']>[number];

/** Profile scan type → Inspector resource type. */
export const SCAN_TYPES: Readonly<Record<ProfileScanType, InspectorScanType>> = { ec2: 'EC2', ecr: 'ECR', lambda: 'LAMBDA', 'lambda-code': 'LAMBDA_CODE' };

export class InspectorStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const inspector = model.profile.inspector!;
    const admin = model.account(inspector.delegatedAdmin);
    // Every other account, the management account included (AWS lets it be a member and it can run
    // workloads too), in every organization region: an account's own `regions` says where it runs
    // workloads, but scanning a region it does not use costs nothing and catches strays.
    const members = model.accounts.filter((a) => a.id !== admin.id).map((a) => a.id);
    const scanTypes = (inspector.autoEnable ?? []).map((t) => SCAN_TYPES[t]);
    const internetFacing = model.accounts.filter((a) => a.exposure === 'internet-facing').map((a) => a.id);
    for (const region of this.regions) {
      const provider = this.provider(region);
      const org = new InspectorAdmin(this, `inspector-${region}`, { provider, adminAccountId: admin.id, memberAccountIds: members, scanTypes });
      new InspectorFindingsFilters(this, `findings-filters-${region}`, { provider, internetFacingAccountIds: internetFacing, dependsOn: [org.adminEnabler] });
    }
  }
}
