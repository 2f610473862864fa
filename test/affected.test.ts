// The affected verb: which stacks a profile change touches, in dependency order, as text and as a CI matrix.
import { compareManifests, dependencyOrder, parseShard, shardOf } from '../src/synth/affected';
import { matrix } from '../src/cli/affected';
import type { ManifestStack, StackManifest } from '../src/synth';
import { ACME, editedCopy, replaceOnce } from './support/profiles';
import { synth } from './support/synth';

const node = (key: string, dependsOn: string[] = [], hash = 'h'): ManifestStack => ({
  name: key.replace('/', '-'),
  key,
  accountId: key.split('/')[0],
  alias: key.split('/')[0],
  concern: key.split('/')[1],
  regions: ['ap-southeast-2'],
  backend: { type: 'local', key: `${key}.tfstate` },
  dependsOn,
  hash,
});
const manifest = (...stacks: ManifestStack[]): StackManifest => ({ version: 1, stacks });

describe('dependency order', () => {
  test('dependencies first, ties by key, whatever the input order', () => {
    const g = [
      node('3/image-factory', ['2/inspector', '1/image-consumer']),
      node('2/inspector', ['9/inspector-delegation']),
      node('1/image-consumer'),
      node('9/inspector-delegation'),
      node('0/patching'),
    ];
    const keys = (xs: { key: string }[]) => xs.map((x) => x.key);
    const expected = ['0/patching', '1/image-consumer', '9/inspector-delegation', '2/inspector', '3/image-factory'];
    expect(keys(dependencyOrder(g, g))).toEqual(expected);
    expect(keys(dependencyOrder([...g].reverse(), g))).toEqual(expected);
  });

  test('a dependency through a stack outside the subset still orders the subset', () => {
    const g = [node('a/x', ['b/x']), node('b/x', ['c/x']), node('c/x')];
    expect(dependencyOrder([g[0], g[2]], g).map((s) => s.key)).toEqual(['c/x', 'a/x']);
  });

  test('a cycle is an error naming it', () => {
    const g = [node('a/x', ['b/x']), node('b/x', ['a/x'])];
    expect(() => dependencyOrder(g, g)).toThrow(/cycle through a\/x -> b\/x -> a\/x/);
  });
});

describe('comparing manifests', () => {
  const base = manifest(
    node('1/inspector-delegation'),
    node('2/inspector', ['1/inspector-delegation']),
    node('4/patching'),
    node('5/patching'),
    node('6/image-consumer'),
    node('7/image-factory', ['6/image-consumer']),
  );
  const head = manifest(
    node('1/inspector-delegation', [], 'new'),
    node('2/inspector', ['1/inspector-delegation'], 'new'),
    node('4/patching'),
    node('8/patching'),
    node('7/image-factory', [], 'new'),
  );

  test('matched by key: added, changed (hash), removed; unchanged never listed', () => {
    const c = compareManifests(base, head);
    expect(c.unchanged).toBe(1);
    expect(c.affected.map((s) => [s.change, s.key, s.source])).toEqual([
      ['changed', '1/inspector-delegation', 'head'],
      ['changed', '2/inspector', 'head'],
      ['changed', '7/image-factory', 'head'],
      ['added', '8/patching', 'head'],
      // Removed last, in reverse dependency order.
      ['removed', '6/image-consumer', 'base'],
      ['removed', '5/patching', 'base'],
    ]);
  });

  test('removed stacks are destroyed dependents first', () => {
    const c = compareManifests(base, manifest());
    expect(c.affected.map((s) => s.key).filter((k) => ['6/image-consumer', '7/image-factory'].includes(k))).toEqual([
      '7/image-factory',
      '6/image-consumer',
    ]);
  });

  test('the matrix: one entry per stack, or shards above --max-jobs', () => {
    const c = compareManifests(base, head);
    expect(matrix(c).include[0]).toEqual({
      stack: '1-inspector-delegation',
      dir: 'stacks/1-inspector-delegation',
      change: 'changed',
      key: '1/inspector-delegation',
      source: 'head',
    });
    expect(matrix(c, 6).include).toHaveLength(6);
    expect(matrix(c, 4).include).toEqual([
      { shard: '1/4', stacks: 2 },
      { shard: '2/4', stacks: 2 },
      { shard: '3/4', stacks: 1 },
      { shard: '4/4', stacks: 1 },
    ]);
    expect(shardOf(c.affected, parseShard('2/4')).map((s) => s.key)).toEqual(['2/inspector', '5/patching']);
    expect(() => parseShard('5/4')).toThrow('--shard must be i/n');
  });
});

describe('affected stacks of real profile changes', () => {
  const base = synth(ACME);

  test('an alias rename keeps the stack identity: changed (renamed), never removed + added', () => {
    const renamed = synth(editedCopy(ACME, (t) => replaceOnce(t, '    website-prod: {', '    web-prod: {')));
    const c = compareManifests(base.manifest, renamed.manifest);
    expect(c.affected.map((s) => [s.change, s.name, s.renamedFrom])).toEqual([
      ['changed', 'web-prod-patching', 'website-prod-patching'],
    ]);
  });
});
