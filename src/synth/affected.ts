// Which stacks differ between two synthesized outputs, and the order to plan/apply them in.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { MANIFEST_FILE, type ManifestStack, type StackManifest } from '.';

export type Change = 'added' | 'changed' | 'removed';

export interface AffectedStack {
  /** The stack's name in the output it is planned from. */
  readonly name: string;
  /** Stable identity (account ID/concern): how base and head stacks are matched. */
  readonly key: string;
  readonly change: Change;
  /** Which output holds the stack's directory: removed stacks exist only in the base, and are planned with -destroy. */
  readonly source: 'base' | 'head';
  /** The stack's directory relative to that output. */
  readonly dir: string;
  /** The base name when an alias rename changed the stack's name. */
  readonly renamedFrom?: string;
}

export interface Comparison {
  /** Dependency order: added/changed stacks dependencies first, then removed stacks dependents first. */
  readonly affected: readonly AffectedStack[];
  readonly unchanged: number;
}

/** Reads `<outDir>/stacks.json`, with an error that says what to do when it is missing or foreign. */
export function readManifest(outDir: string): StackManifest {
  const file = join(outDir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`${file} not found: synthesize first (npm run synth -- --out ${outDir})`);
  let m: StackManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (m?.version !== 1 || !Array.isArray(m.stacks))
    throw new Error(`${file} is not a version 1 Patchline stack manifest`);
  return m;
}

/**
 * For each stack of a subset, the stacks of the subset it must come after: those it depends on, directly or
 * through stacks outside the subset. Throws on a dependency cycle.
 */
export function prerequisites(
  subset: readonly { readonly key: string }[],
  graph: readonly Pick<ManifestStack, 'key' | 'dependsOn'>[],
): Map<string, string[]> {
  const deps = new Map(graph.map((s) => [s.key, s.dependsOn]));
  const ancestors = new Map<string, ReadonlySet<string>>();
  const visiting = new Set<string>();
  const ancestorsOf = (key: string): ReadonlySet<string> => {
    const known = ancestors.get(key);
    if (known) return known;
    if (visiting.has(key))
      throw new Error(`stack dependencies form a cycle through ${[...visiting, key].join(' -> ')}`);
    visiting.add(key);
    const set = new Set<string>();
    for (const d of deps.get(key) ?? []) {
      set.add(d);
      for (const a of ancestorsOf(d)) set.add(a);
    }
    visiting.delete(key);
    ancestors.set(key, set);
    return set;
  };
  const keys = new Set(subset.map((s) => s.key));
  return new Map(subset.map((s) => [s.key, [...ancestorsOf(s.key)].filter((a) => keys.has(a)).sort()]));
}

/**
 * Orders a subset of a manifest's stacks so every stack comes after its prerequisites; ties go to the
 * smaller key, so the order never depends on input order.
 */
export function dependencyOrder<T extends { readonly key: string }>(
  subset: readonly T[],
  graph: readonly Pick<ManifestStack, 'key' | 'dependsOn'>[],
): T[] {
  const byKey = new Map(subset.map((s) => [s.key, s]));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [key, before] of prerequisites(subset, graph)) {
    waitingOn.set(key, before.length);
    for (const a of before) {
      const list = dependents.get(a);
      if (list) list.push(key);
      else dependents.set(a, [key]);
    }
  }
  const ready = [...byKey.keys()].filter((k) => waitingOn.get(k) === 0).sort();
  const order: T[] = [];
  while (ready.length) {
    const key = ready.shift()!;
    order.push(byKey.get(key)!);
    for (const d of dependents.get(key) ?? []) {
      const left = waitingOn.get(d)! - 1;
      waitingOn.set(d, left);
      if (left === 0) ready.splice(sortedIndex(ready, d), 0, d);
    }
  }
  return order;
}

function sortedIndex(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Stacks added, changed (content hash differs) or removed between two outputs, matched by key.
 * Head stacks come first in dependency order (what they need is applied before them); removed stacks follow
 * in reverse base order, so a stack is destroyed only after everything that depended on it has moved on.
 */
export function compareManifests(base: StackManifest, head: StackManifest): Comparison {
  const baseByKey = new Map(base.stacks.map((s) => [s.key, s]));
  const headKeys = new Set(head.stacks.map((s) => s.key));
  const forward: AffectedStack[] = [];
  let unchanged = 0;
  for (const s of head.stacks) {
    const before = baseByKey.get(s.key);
    if (before && before.hash === s.hash) {
      unchanged++;
      continue;
    }
    forward.push({
      name: s.name,
      key: s.key,
      change: before ? 'changed' : 'added',
      source: 'head',
      dir: `stacks/${s.name}`,
      ...(before && before.name !== s.name ? { renamedFrom: before.name } : {}),
    });
  }
  const removed = base.stacks
    .filter((s) => !headKeys.has(s.key))
    .map((s): AffectedStack => ({
      name: s.name,
      key: s.key,
      change: 'removed',
      source: 'base',
      dir: `stacks/${s.name}`,
    }));
  return {
    affected: [...dependencyOrder(forward, head.stacks), ...dependencyOrder(removed, base.stacks).reverse()],
    unchanged,
  };
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`--shard must be i/n with 1 <= i <= n, not "${text}"`);
  return { index, count };
}

/** Shard i of n, round-robin so each shard gets a similar mix; order within the shard is kept. */
export const shardOf = <T>(items: readonly T[], shard: Shard): T[] =>
  items.filter((_, i) => i % shard.count === shard.index - 1);
