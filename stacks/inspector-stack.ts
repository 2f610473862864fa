// The delegated administrator's side of Inspector, in every organization region: scanning on for the
// accounts that use each region (the scan types Inspector offers there), and saved findings filters for triage.
import type { Construct } from 'constructs';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { availableScanTypes, PROFILE_SCAN_TYPES } from '../src/aws/inspector-regions';
import { InspectorAdmin, type InspectorScanType } from './constructs/inspector-admin';
import { InspectorFindingsFilters } from './constructs/inspector-findings-filters';

import type { ProfileScanType } from '../src/model/inspector';

/** Profile scan type → Inspector resource type. */
export const SCAN_TYPES: Readonly<Record<ProfileScanType, InspectorScanType>> = PROFILE_SCAN_TYPES;

export class InspectorStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const inspector = model.inspector!;
    const admin = inspector.admin;
    const scanTypes = inspector.scanTypes.map((t) => SCAN_TYPES[t]);
    const internetFacing = model.accounts.filter((a) => a.exposure === 'internet-facing').map((a) => a.id);
    for (const region of this.regions) {
      const provider = this.provider(region);
      // Every other account that declares the region, the management account included (AWS lets it be a
      // member and it can run workloads too). A region an account leaves out may be one it never opted
      // into (or an SCP denies), where association and enablement would fail.
      const members = model.accounts.filter((a) => a.id !== admin.id && a.regions.includes(region)).map((a) => a.id);
      // Only the scan types Inspector offers here: enabling one it does not offer fails the apply.
      const types = availableScanTypes(region, scanTypes);
      const org = new InspectorAdmin(this, `inspector-${region}`, {
        provider,
        adminAccountId: admin.id,
        memberAccountIds: members,
        scanTypes: types,
      });
      new InspectorFindingsFilters(this, `findings-filters-${region}`, {
        provider,
        internetFacingAccountIds: internetFacing,
        dependsOn: [org.adminEnabler],
      });
    }
  }
}
