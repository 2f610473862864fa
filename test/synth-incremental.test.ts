// Incremental synthesis: stacks whose inputs are unchanged are kept from the previous output, and the result is
// byte for byte what a full synthesis of the same profile writes, whatever was edited.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { lastSynthStats, synthesize } from '../src/synth';
import { generatorVersion, INPUTS_FILE } from '../src/synth/incremental';
import { AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { readTree } from './support/synth';

const tmp = () => mkdtempSync(join(tmpdir(), 'patchline-incr-'));

/** Full synth of `base`, then of `edited` into the same folder (incremental) and into a fresh one (full). */
function incrementalVsFull(edited: string, opts: { generator?: [string, string] } = {}) {
  const dir = tmp();
  const out = join(dir, 'incremental');
  synthesize(loadModel(DEFAULT_PROFILE, AS_OF), out, { workers: 1, generatorVersion: opts.generator?.[0] });
  const before = readTree(out);
  synthesize(loadModel(edited, AS_OF), out, { workers: 1, generatorVersion: opts.generator?.[1] });
  const stats = { ...lastSynthStats };
  synthesize(loadModel(edited, AS_OF), join(dir, 'full'), { workers: 1, generatorVersion: opts.generator?.[1] });
  return { stats, before, incremental: readTree(out), full: readTree(join(dir, 'full')) };
}

const changedStacks = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => f.startsWith('/stacks/') && a[f] !== b[f]).map((f) => f.split('/')[2]).sort();

test('an edit to one account rebuilds that account\'s stacks and the organization-wide ones, keeps the rest, and equals a full synth', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'clinical-analytics: { id: "210987654326", ou: clinical, regions: [ap-southeast-2] }',
    'clinical-analytics: { id: "210987654326", ou: clinical }'));
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  // The account gained us-east-1: its patching stack covers it now; the inspector stack enrols it there.
  expect(changedStacks(r.before, r.incremental)).toEqual(expect.arrayContaining(['clinical-analytics-patching']));
  expect(JSON.parse(r.incremental['/stacks/clinical-analytics-patching/cdk.tf.json']).provider.aws.map((p: any) => p.region).sort()).toEqual(['ap-southeast-2', 'us-east-1']);
  expect(r.stats.reused).toBeGreaterThan(0);
  // Every other account's per-account stacks were kept, not rebuilt.
  const perAccount = Object.keys(r.full).filter((f) => /\/stacks\/[^/]+-(patching|plan-access|image-consumer)\/cdk\.tf\.json$/.test(f));
  expect(r.stats.reused).toBe(perAccount.filter((f) => !f.includes('/clinical-analytics-')).length);
});

test('kept stacks are hard links to the previous output (nothing rewritten) and inputs.json records every per-account stack', () => {
  const out = join(tmp(), 'out');
  const model = loadModel(DEFAULT_PROFILE, AS_OF);
  synthesize(model, out, { workers: 1 });
  const file = join(out, 'stacks', 'staff-desktops-patching', 'cdk.tf.json');
  const ino = statSync(file).ino;
  synthesize(model, out, { workers: 1 });
  expect(lastSynthStats.built).toBeGreaterThan(0);
  expect(statSync(file).ino).toBe(ino);
  const inputs = JSON.parse(readFileSync(join(out, INPUTS_FILE), 'utf8'));
  expect(inputs.stacks['210987654327/patching'].name).toBe('staff-desktops-patching');
  // --full rebuilds everything: a new file.
  synthesize(model, out, { workers: 1, full: true });
  expect(lastSynthStats.reused).toBe(0);
  expect(statSync(file).ino).not.toBe(ino);
});

test('an edit to a pipeline equals a full synth', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'cron: cron(0 18 ? * SUN *)', 'cron: cron(0 19 ? * SUN *)'));
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(changedStacks(r.before, r.incremental)).toEqual(expect.arrayContaining(['image-factory-image-factory']));
});

test('an edit to the organization\'s regions rebuilds everything and equals a full synth', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'regions: [ap-southeast-2, us-east-1]\n  organizationalUnits', 'regions: [ap-southeast-2, us-east-1, eu-west-1]\n  organizationalUnits'));
  const r = incrementalVsFull(edited);
  expect(r.stats.reused).toBe(0);
  expect(r.incremental).toEqual(r.full);
  expect(r.incremental['/stacks/patient-portal-patching/cdk.tf.json']).toContain('eu-west-1');
});

test('a new generator version rebuilds everything and equals a full synth', () => {
  const r = incrementalVsFull(DEFAULT_PROFILE, { generator: ['generator-a', 'generator-b'] });
  expect(r.stats.reused).toBe(0);
  expect(r.incremental).toEqual(r.full);
});

test('the generator version changes with any generator source file', () => {
  const root = tmp();
  mkdirSync(join(root, 'stacks'));
  writeFileSync(join(root, 'stacks', 'patching-stack.ts'), 'export const a = 1;\n');
  const v1 = generatorVersion(root);
  expect(generatorVersion(root)).toBe(v1);
  writeFileSync(join(root, 'stacks', 'patching-stack.ts'), 'export const a = 2;\n');
  expect(generatorVersion(root)).not.toBe(v1);
  cpSync(join(root, 'stacks'), join(root, 'src'), { recursive: true });
  expect(generatorVersion(root)).not.toBe(v1);
});

test('no stack depends on the assessment date, which input keys leave out', () => {
  const dir = tmp();
  synthesize(loadModel(DEFAULT_PROFILE, '2026-11-24'), join(dir, 'a'), { workers: 1 });
  synthesize(loadModel(DEFAULT_PROFILE, '2027-06-30'), join(dir, 'b'), { workers: 1 });
  expect(readTree(join(dir, 'a'))).toEqual(readTree(join(dir, 'b')));
});

test('a reordered profile keeps every per-account stack (keys ignore map and plain-list order) and equals a full synth', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'regions: [ap-southeast-2, us-east-1]\n  organizationalUnits', 'regions: [us-east-1, ap-southeast-2]\n  organizationalUnits')
    .replace(/(    security: \{[^\n]*\n)(    image-factory: \{[^\n]*\n)/, '$2$1'));
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  // Image-consumer stacks are rebuilt with the image factory, which depends on them (one cdktf App).
  const perAccount = Object.keys(r.full).filter((f) => /\/stacks\/[^/]+-(patching|plan-access)\/cdk\.tf\.json$/.test(f));
  expect(r.stats.reused).toBe(perAccount.length);
});
