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

/**
 * Builds `specs` (in deploy order) into `app`. With `each`, every stack is handed to it as soon as it is built,
 * and only the stacks another one depends on are kept (in the map returned): synthesis writes each stack and
 * lets it go, so memory does not grow with the organization.
 */
export function buildStacks(app: App, model: OrgModel, specs: readonly StackSpec[] = model.stacks,
  each?: (stack: AccountStack, spec: StackSpec) => void): Map<string, AccountStack> {
  const needed = new Set(specs.flatMap((s) => s.dependsOn));
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
    if (!each || needed.has(specKey(spec))) built.set(specKey(spec), stack);
    each?.(stack, spec);
  }
  return built;
}
