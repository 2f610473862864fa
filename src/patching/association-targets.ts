// Which managed nodes Patchline's scan and inventory associations select in one account and region.
//
// Everywhere but one place: every managed node (InstanceIds=*), ringed or not, so nothing escapes the
// daily scan. The exception is the image factory account's build region, where EC2 Image Builder
// launches build and test instances that are managed nodes too. Image Builder collects the image's
// package list itself with Systems Manager Inventory (enhanced image metadata, on by default), and a node
// takes only one inventory association: a second one targeting it does not run ("Configuring inventory
// collection", AWS Systems Manager User Guide; Image Builder's document history records builds hanging on
// it). A scan association applying a patch baseline to a half-built image is no better.
//
// State Manager cannot exclude nodes: a target selects by instance ID, tag, tag key or resource group,
// and a tag-based resource group query has no negation either (Systems Manager API Reference, Target).
// So in that account and region the associations select only nodes carrying the ring tag key
// (Key=tag-key, any value). Build instances never carry it: Image Builder tags them with CreatedBy and
// Ec2ImageBuilderArn, plus the infrastructure configuration's resource tags, which Patchline never sets
// to the ring tag. An instance there that should be scanned without being patched carries the ring tag
// with a value no ring uses.
import type { Account, OrgModel } from '../model';

/** Every managed node, or only those carrying a tag key. */
export type AssociationTargets = { readonly kind: 'all' } | { readonly kind: 'tag-key'; readonly key: string };

/** What the scan and inventory associations select in `account` and `region`. */
export function scanTargets(model: OrgModel, account: Account, region: string): AssociationTargets {
  const f = model.imageFactory;
  const ringTag = model.patching?.ringTag;
  const builds = f !== undefined && f.accountId === account.id && f.buildRegion === region;
  return builds && ringTag ? { kind: 'tag-key', key: ringTag } : { kind: 'all' };
}

/** Does Patchline run the inventory association (patching.inventory: patchline, the default)? */
export const patchlineCollectsInventory = (model: OrgModel) => model.patching?.inventory === 'patchline';
