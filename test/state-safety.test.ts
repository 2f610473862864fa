// State safety: cosmetic profile edits (renaming account aliases, reordering accounts and pipelines,
// adding a region) never change an existing stack's state key or remove a resource address from it,
// so Terraform never plans to destroy and recreate an estate. Stacks are matched by identity (account
// ID/concern), not by name: the alias is in the stack's directory name by design.
import { parse, stringify } from 'yaml';
import { editedCopy, exampleProfiles } from './support/profiles';
import { synth, type Synthesized } from './support/synth';

type Profile = Record<string, any>;

/** Renames every account alias (alias → alias + "x"), everywhere the profile names an account. */
function renameAliases(p: Profile): Profile {
  const to = (a: string) => `${a}x`;
  const o = p.organization;
  o.accounts = Object.fromEntries(Object.entries(o.accounts).map(([a, v]) => [to(a), v]));
  o.managementAccount = to(o.managementAccount);
  if (p.inspector) p.inspector.delegatedAdmin = to(p.inspector.delegatedAdmin);
  if (p.imageFactory) {
    p.imageFactory.account = to(p.imageFactory.account);
    for (const pl of Object.values<any>(p.imageFactory.pipelines)) {
      const d = pl.distribution;
      if (d.shareWith?.accounts) d.shareWith.accounts = d.shareWith.accounts.map(to);
      if (d.copyTo) d.copyTo = d.copyTo.map(to);
    }
  }
  if (p.patching) {
    if (p.patching.targets.accounts) p.patching.targets.accounts = p.patching.targets.accounts.map(to);
    if (p.patching.accountOverrides)
      p.patching.accountOverrides = Object.fromEntries(
        Object.entries(p.patching.accountOverrides).map(([a, v]) => [to(a), v]),
      );
  }
  for (const e of p.exemptions ?? []) if (e.scope.account) e.scope.account = to(e.scope.account);
  return p;
}

const reversedKeys = (m: Record<string, unknown> | undefined) => m && Object.fromEntries(Object.entries(m).reverse());

/** Reverses the order of accounts, OUs, pipelines, baselines and rings, and of the organization's regions. */
function reorder(p: Profile): Profile {
  p.organization.accounts = reversedKeys(p.organization.accounts);
  p.organization.organizationalUnits = reversedKeys(p.organization.organizationalUnits);
  p.organization.regions = [...p.organization.regions].reverse();
  if (p.imageFactory) p.imageFactory.pipelines = reversedKeys(p.imageFactory.pipelines);
  if (p.patching) {
    p.patching.baselines = reversedKeys(p.patching.baselines);
    p.patching.rings = reversedKeys(p.patching.rings);
  }
  return p;
}

/** Adds a region the organization did not use (accounts without their own region list get it too). */
function addRegion(p: Profile): Profile {
  const extra = ['eu-west-1', 'eu-central-1', 'us-west-2'].find((r) => !p.organization.regions.includes(r))!;
  p.organization.regions = [...p.organization.regions, extra];
  return p;
}

/** Every resource address (type.logicalId) of a stack. */
const addresses = (json: any): string[] =>
  Object.entries<any>(json.resource ?? {}).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));

/** Addresses the stack declares moved away (moved blocks), which may legitimately disappear. */
const movedFrom = (json: any): Set<string> => new Set([json.moved ?? []].flat().map((m: any) => String(m.from)));

/** What would make Terraform lose or recreate state when going from `before` to `after`. */
function stateBreaks(before: Synthesized, after: Synthesized): string[] {
  const problems: string[] = [];
  const byKey = new Map(after.manifest.stacks.map((s) => [s.key, s]));
  for (const old of before.manifest.stacks) {
    const now = byKey.get(old.key);
    if (!now) {
      problems.push(`${old.key}: stack disappeared`);
      continue;
    }
    if (now.backend.key !== old.backend.key || now.backend.type !== old.backend.type)
      problems.push(`${old.key}: state key ${old.backend.key} became ${now.backend.key}`);
    const next = after.stack(now.name);
    const have = new Set(addresses(next));
    const moved = movedFrom(next);
    const prev = before.stack(old.name);
    for (const a of addresses(prev)) {
      if (!have.has(a)) {
        if (!moved.has(a)) problems.push(`${old.key}: ${a} would be destroyed`);
        continue;
      }
      // Same address, other arguments: an argument that forces replacement would still destroy it.
      const [type, id] = [a.slice(0, a.indexOf('.')), a.slice(a.indexOf('.') + 1)];
      if (withoutMetadata(prev.resource[type][id]) !== withoutMetadata(next.resource[type][id]))
        problems.push(`${old.key}: ${a} changes`);
    }
  }
  return problems;
}

/** A stack or resource as Terraform sees it: cdktf's "//" metadata (construct paths, stack name) left out. */
const withoutMetadata = (x: unknown) => JSON.stringify(x, (k, v) => (k === '//' ? undefined : v));

const EDITS: [string, (p: Profile) => Profile][] = [
  ['renaming every account alias', renameAliases],
  ['reordering accounts, OUs, pipelines, baselines, rings and regions', reorder],
  ['adding a region', addRegion],
];

describe.each(exampleProfiles().map((f) => [f.split('/').slice(-2).join('/'), f]))('%s', (_, file) => {
  const before = synth(file);

  test('has resources to protect', () => {
    expect(before.manifest.stacks.length).toBeGreaterThan(3);
  });

  test.each(EDITS)('%s keeps every state key, resource address and existing resource', (what, edit) => {
    const after = synth(editedCopy(file, (text) => stringify(edit(parse(text)))));
    expect(stateBreaks(before, after)).toEqual([]);
    if (!what.startsWith('adding')) {
      // Purely cosmetic: every stack is the same Terraform configuration, only the alias in its name differs.
      expect(after.manifest.stacks.map((s) => s.key)).toEqual(before.manifest.stacks.map((s) => s.key));
      for (const [i, s] of before.manifest.stacks.entries())
        expect(withoutMetadata(after.stack(after.manifest.stacks[i].name))).toBe(withoutMetadata(before.stack(s.name)));
    }
    if (what.startsWith('renaming')) expect(after.names).not.toEqual(before.names);
    if (what.startsWith('adding'))
      expect(
        after.manifest.stacks.some(
          (s) => s.regions.length > before.manifest.stacks.find((b) => b.key === s.key)!.regions.length,
        ),
      ).toBe(true);
  });

  test('the comparison itself catches a destroyed resource, a changed one and a moved state key', () => {
    const after = synth(editedCopy(file, (text) => stringify(addRegion(parse(text)))));
    // A stack with two resources that existed before the edit: drop one, change the other, move its state.
    const victim = after.manifest.stacks.find(
      (s) => addresses(before.stack(before.manifest.stacks.find((b) => b.key === s.key)!.name)).length >= 2,
    )!;
    const old = before.manifest.stacks.find((b) => b.key === victim.key)!;
    const [gone, changed] = addresses(before.stack(old.name));
    const json = after.stack(victim.name);
    const split = (a: string) => [a.slice(0, a.indexOf('.')), a.slice(a.indexOf('.') + 1)];
    delete json.resource[split(gone)[0]][split(gone)[1]];
    json.resource[split(changed)[0]][split(changed)[1]].tags = { forces: 'a change' };
    (victim.backend as { key: string }).key = 'elsewhere.tfstate';
    expect(stateBreaks(before, after).sort()).toEqual(
      [
        `${victim.key}: ${gone} would be destroyed`,
        `${victim.key}: ${changed} changes`,
        `${victim.key}: state key ${old.backend.key} became elsewhere.tfstate`,
      ].sort(),
    );
  });
});
