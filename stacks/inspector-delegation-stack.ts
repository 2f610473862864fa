// The management account's side of Inspector: the delegated administrator, in every organization region.
import type { Construct } from 'constructs';
import type { OrgModel } from '../src/profile/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { InspectorDelegation } from './constructs/inspector-delegation';

export class InspectorDelegationStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const admin = model.account(model.profile.inspector!.delegatedAdmin);
    for (const region of this.regions) {
      new InspectorDelegation(this, `delegation-${region}`, { provider: this.provider(region), adminAccountId: admin.id });
    }
  }
}
