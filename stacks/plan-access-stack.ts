// The plan-access stack of an account (only with terraform.planPrincipal): the read-only role pull-request
// plans assume there instead of the deployment role.
import type { Construct } from 'constructs';
import { NAME_PREFIX, PLAN_ROLE, patchingNames } from '../src/naming';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { ReadOnlyPlanRole } from './constructs/read-only-plan-role';

export class PlanAccessStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const id = this.account.id;
    const b = model.backend;
    new ReadOnlyPlanRole(this, 'plan-role', {
      provider: this.globalProvider,
      roleName: PLAN_ROLE,
      trustedPrincipal: model.planPrincipal!,
      bucketPrefix: `${NAME_PREFIX}-`,
      // The expedite BaselineOverride (aws_s3_object, application/json): refresh reads its body.
      readableObjectArns: this.account.regions.map(
        (r) => `arn:aws:s3:::${patchingNames.logBucket(id, r)}/${patchingNames.overridePrefix}*`,
      ),
      accountId: id,
      state: b.kind === 's3' ? { bucket: b.bucket, keyPrefix: b.keyPrefix } : undefined,
    });
  }
}
