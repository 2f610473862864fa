// Which stacks a profile produces: one per account and concern, with their regions and deploy order.
import type { Account, OrgModel } from '.';
import { CONCERNS, stackKey, stackName, type Concern } from '../naming';
import { managementStackNeeded, ramSharingWithOrganizationNeeded } from './management';

export interface StackSpec {
  readonly concern: Concern;
  readonly account: Account;
  /** Home region first (it holds global resources), then organization order. */
  readonly regions: readonly string[];
  /** Stable keys (account ID/concern) of stacks that must deploy first. */
  readonly dependsOn: readonly string[];
}

export const specKey = (s: StackSpec) => stackKey(s.account.id, s.concern);
export const specName = (s: StackSpec) => stackName(s.account, s.concern);

function ordered(model: OrgModel, regions: Iterable<string>): string[] {
  const set = new Set(regions);
  const home = set.has(model.homeRegion) ? [model.homeRegion] : [];
  return [...home, ...model.regions.filter((r) => set.has(r) && r !== model.homeRegion)];
}

/** Every stack of the profile, sorted by concern order then account ID, so profile order never matters. */
export function layoutStacks(model: OrgModel): StackSpec[] {
  const specs: StackSpec[] = [];
  const inspectorKeys: string[] = [];
  // One stack in the management account (Inspector delegation, RAM sharing), under the concern it has
  // always had, so adding or removing either never moves the other's state.
  const management: StackSpec | undefined = managementStackNeeded(model)
    ? {
        concern: 'inspector-delegation',
        account: model.management,
        regions: ordered(model, model.inspector ? model.regions : [model.homeRegion]),
        dependsOn: [],
      }
    : undefined;
  if (management) specs.push(management);
  if (model.inspector) {
    const admin = model.inspector.admin;
    const inspector = {
      concern: 'inspector' as const,
      account: admin,
      regions: ordered(model, model.regions),
      dependsOn: [specKey(management!)],
    };
    specs.push(inspector);
    inspectorKeys.push(specKey(inspector));
  }
  // Parameters shared with the organization or OUs need RAM sharing on first.
  const sharingKeys = management && ramSharingWithOrganizationNeeded(model) ? [specKey(management)] : [];
  // The evidence bucket and bus policy must exist before syncs write to them and rules forward to them.
  const evidence = model.evidence;
  const evidenceKeys: string[] = [];
  if (evidence) {
    const spec: StackSpec = {
      concern: 'evidence',
      account: evidence.account,
      regions: ordered(model, model.regions),
      dependsOn: [],
    };
    specs.push(spec);
    evidenceKeys.push(specKey(spec));
  }
  const f = model.imageFactory;
  if (f) {
    const consumers = new Map<string, Account>();
    for (const pl of f.pipelines) for (const id of pl.copyTo) consumers.set(id, model.accountById(id));
    const consumerSpecs = [...consumers.values()].map((account): StackSpec => ({
      concern: 'image-consumer',
      account,
      regions: [model.homeRegion],
      dependsOn: [],
    }));
    specs.push(...consumerSpecs);
    const regions = [f.buildRegion, ...f.pipelines.flatMap((pl) => pl.regions)];
    // Image scanning needs Inspector on in the factory account; copies need the consumers' roles; shares
    // with the organization or OUs need RAM sharing with the organization; failures forward to the evidence bus.
    specs.push({
      concern: 'image-factory',
      account: model.accountById(f.accountId),
      regions: ordered(model, regions),
      dependsOn: [
        ...new Set([...inspectorKeys, ...sharingKeys, ...evidenceKeys, ...consumerSpecs.map(specKey)]),
      ].sort(),
    });
  }
  for (const account of model.patching?.targets ?? [])
    specs.push({ concern: 'patching', account, regions: ordered(model, account.regions), dependsOn: evidenceKeys });
  // One read-only plan role per account that has stacks, in a stack of its own: it never moves between
  // stacks when the account gains or loses a concern (a move would create the new role before deleting the old).
  if (model.planPrincipal) {
    const accounts = new Map(specs.map((s) => [s.account.id, s.account]));
    for (const account of accounts.values())
      specs.push({ concern: 'plan-access', account, regions: [model.homeRegion], dependsOn: [] });
  }
  const concernOrder = (c: Concern) => CONCERNS.indexOf(c);
  return specs.sort(
    (a, b) => concernOrder(a.concern) - concernOrder(b.concern) || a.account.id.localeCompare(b.account.id),
  );
}
