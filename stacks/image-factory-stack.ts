// The image-factory stack of one account.
import type { Construct } from 'constructs';
import type { OrgModel } from '../src/profile/model';
import { AccountStack, type AccountStackProps } from './account-stack';

export class ImageFactoryStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, _model: OrgModel) {
    super(scope, props);
  }
}
