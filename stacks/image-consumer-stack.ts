// The image-consumer stack of an account that receives its own copies of golden images (copyTo):
// the roles Image Builder in the factory account assumes to copy images in and retire old copies.
import type { Construct } from 'constructs';
import { inlinePolicyName } from '../src/naming';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { ImageConsumerRoles } from './constructs/image-consumer-roles';
import { consumerNeeds } from '../src/model/image-factory';

export class ImageConsumerStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const spec = model.imageFactory!;
    const needs = consumerNeeds(spec, this.account.id);
    new ImageConsumerRoles(this, 'image-builder', {
      provider: this.globalProvider,
      factoryAccountId: spec.accountId,
      keyRegions: needs.keyRegions,
      parameterArns: needs.parameterArns,
      pipelineExecutionRoleArns: needs.executionRoleArns,
      inlinePolicyName: inlinePolicyName('image-factory-keys-and-parameters'),
    });
  }
}
