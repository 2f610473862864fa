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
 * Builds `specs` (in deploy order) into `app`, and the stacks they depend on that `specs` does not hold, first,
 * as context (cdktf records a dependency only within an App). With `each`, every stack, context included, is
 * handed to it as soon as it is built, and only the stacks another one depends on are kept (in the map
 * returned): synthesis writes each stack and lets it go, so memory does not grow with the organization.
 */
export function buildStacks(
  app: App,
  model: OrgModel,
  specs: Iterable<StackSpec> = model.stacks,
  each?: (stack: AccountStack, spec: StackSpec, context: boolean) => void,
): Map<string, AccountStack> {
  const byKey = new Map(model.stacks.map((s) => [specKey(s), s]));
  const needed = new Set(model.stacks.flatMap((s) => s.dependsOn));
  const built = new Map<string, AccountStack>();
  const specOf = (key: string, of: StackSpec) => {
    const dep = byKey.get(key);
    if (!dep) throw new Error(`stack ${specKey(of)} depends on ${key}, which the organization does not have`);
    return dep;
  };
  const build = (spec: StackSpec, context: boolean): AccountStack => {
    const dependencies = spec.dependsOn.map((key) => built.get(key) ?? build(specOf(key, spec), true));
    const stack = new STACKS[spec.concern](
      app,
      {
        account: spec.account,
        concern: spec.concern,
        regions: spec.regions,
        credentials: model.credentials(spec.account),
        backend: model.backend,
        defaultTags: model.defaultTags,
      },
      model,
    );
    for (const dep of dependencies) stack.addDependency(dep);
    if (!each || needed.has(specKey(spec))) built.set(specKey(spec), stack);
    each?.(stack, spec, context);
    return stack;
  };
  for (const spec of specs) {
    if (built.has(specKey(spec)))
      throw new Error(
        `stack ${specKey(spec)} comes after a stack that depends on it: stacks are built in deploy order`,
      );
    build(spec, false);
  }
  return built;
}
