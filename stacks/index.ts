// Builds every stack of a profile into a cdktf App, wiring deploy order.
import type { App } from 'cdktf';
import type { Concern } from '../src/naming';
import type { OrgModel } from '../src/model';
import type { AccountStack, AccountStackProps } from './account-stack';
import { EvidenceStack } from './evidence-stack';
import { ImageConsumerStack } from './image-consumer-stack';
import { ImageFactoryStack } from './image-factory-stack';
import { InspectorDelegationStack } from './inspector-delegation-stack';
import { InspectorStack } from './inspector-stack';
import { specKey, type StackSpec } from '../src/model/layout';
import { PatchingStack } from './patching-stack';
import { PlanAccessStack } from './plan-access-stack';

type StackClass = new (scope: App, props: AccountStackProps, model: OrgModel) => AccountStack;

const STACKS: Record<Concern, StackClass> = {
  'inspector-delegation': InspectorDelegationStack,
  inspector: InspectorStack,
  evidence: EvidenceStack,
  'image-consumer': ImageConsumerStack,
  'image-factory': ImageFactoryStack,
  patching: PatchingStack,
  'plan-access': PlanAccessStack,
};

export function buildStacks(app: App, model: OrgModel, specs: readonly StackSpec[] = model.stacks): Map<string, AccountStack> {
  const built = new Map<string, AccountStack>();
  for (const spec of specs) {
    const stack = new STACKS[spec.concern](app, {
      account: spec.account,
      concern: spec.concern,
      regions: spec.regions,
      credentials: model.credentials(spec.account),
      backend: model.backend,
      defaultTags: model.defaultTags,
    }, model);
    for (const dep of spec.dependsOn) stack.addDependency(built.get(dep)!);
    built.set(specKey(spec), stack);
  }
  return built;
}
