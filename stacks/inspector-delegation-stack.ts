// The management account's stack: Inspector's delegated administrator in every organization region, and
// RAM sharing with the organization when parameters are shared with it or its OUs. Its concern keeps the
// name it had when Inspector was its only content, so its state key never moves when content changes.
import type { Construct } from 'constructs';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { InspectorDelegation } from './constructs/inspector-delegation';
import { RamOrganizationSharing } from './constructs/ram-organization-sharing';
import { ramSharingWithOrganizationNeeded } from '../src/model/management';

export class InspectorDelegationStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const inspector = model.inspector;
    if (inspector) {
      const admin = inspector.admin;
      for (const region of this.regions) {
        new InspectorDelegation(this, `delegation-${region}`, {
          provider: this.provider(region),
          adminAccountId: admin.id,
        });
      }
    }
    if (ramSharingWithOrganizationNeeded(model))
      new RamOrganizationSharing(this, 'ram-sharing', { provider: this.globalProvider });
  }
}
