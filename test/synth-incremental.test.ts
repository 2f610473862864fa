// Incremental synthesis: stacks whose inputs are unchanged are kept from the previous output, and the result is
// byte for byte what a full synthesis of the same profile writes, whatever was edited.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { lastSynthStats, synthesize } from '../src/synth';
import { generatorVersion, INPUTS_FILE } from '../src/synth/incremental';
import { AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { readTree } from './support/synth';

const tmp = () => mkdtempSync(join(tmpdir(), 'patchline-incr-'));

/** The stacks whose cdk.tf.json in `out` is not a hard link to the same file as before (rebuilt), sorted. */
function inodes(out: string): Map<string, number> {
  return new Map(
    readdirSync(join(out, 'stacks')).map((name) => [name, statSync(join(out, 'stacks', name, 'cdk.tf.json')).ino]),
  );
}

/**
 * Full synth of `base` (the default profile), then of `edited` into the same folder (incremental) and into a fresh
 * one (full). `rebuilt`: the stacks the incremental run wrote anew (the others are hard links to the previous output).
 */
function incrementalVsFull(
  edited: string,
  opts: { generator?: [string, string]; base?: string; workers?: number } = {},
) {
  const dir = tmp();
  const out = join(dir, 'incremental');
  const workers = opts.workers ?? 1;
  synthesize(loadModel(opts.base ?? DEFAULT_PROFILE, AS_OF), out, { workers, generatorVersion: opts.generator?.[0] });
  const before = readTree(out);
  const was = inodes(out);
  synthesize(loadModel(edited, AS_OF), out, { workers, generatorVersion: opts.generator?.[1] });
  const stats = { ...lastSynthStats };
  const rebuilt = [...inodes(out)]
    .filter(([name, ino]) => was.get(name) !== ino)
    .map(([name]) => name)
    .sort();
  synthesize(loadModel(edited, AS_OF), join(dir, 'full'), { workers: 1, generatorVersion: opts.generator?.[1] });
  return { stats, before, rebuilt, incremental: readTree(out), full: readTree(join(dir, 'full')) };
}

const changedStacks = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((f) => f.startsWith('/stacks/') && a[f] !== b[f])
    .map((f) => f.split('/')[2])
    .sort();

test('an edit to one account rebuilds the stacks that read it, keeps the rest, and equals a full synth', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(
      t,
      'clinical-analytics: { id: "210987654326", ou: clinical, regions: [ap-southeast-2] }',
      'clinical-analytics: { id: "210987654326", ou: clinical }',
    ),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  // The account gained us-east-1: its patching stack covers it now; the inspector stack enrols it there.
  expect(changedStacks(r.before, r.incremental)).toEqual(
    expect.arrayContaining(['clinical-analytics-patching', 'security-inspector']),
  );
  expect(
    JSON.parse(r.incremental['/stacks/clinical-analytics-patching/cdk.tf.json'])
      .provider.aws.map((p: any) => p.region)
      .sort(),
  ).toEqual(['ap-southeast-2', 'us-east-1']);
  // Its own stacks and the inspector stack (members per region); every other stack, organization-wide ones
  // included, is kept.
  expect(r.rebuilt).toEqual(['clinical-analytics-image-consumer', 'clinical-analytics-patching', 'security-inspector']);
  expect(r.stats).toEqual({ built: 3, reused: 7 });
});

test('an account becoming internet-facing rebuilds its patching stack and the inspector stack (findings filter) only', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(
      t,
      'clinical-records: { id: "210987654325", ou: clinical, regions: [ap-southeast-2] }',
      'clinical-records: { id: "210987654325", ou: clinical, regions: [ap-southeast-2], exposure: internet-facing }',
    ),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toEqual(['clinical-records-patching', 'security-inspector']);
  const filters = JSON.parse(r.incremental['/stacks/security-inspector/cdk.tf.json']).resource.aws_inspector2_filter;
  expect(JSON.stringify(filters)).toContain('210987654325');
});

test("an edit outside the inspector stack's slice (an OU moves, aliases stay) keeps it and equals a full synth", () => {
  // The account roster is every per-account stack's input; the inspector stack reads IDs, regions and exposures.
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(
      t,
      'staff-desktops: { id: "210987654327", ou: endpoints,',
      'staff-desktops: { id: "210987654327", ou: platform,',
    ),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).not.toContain('security-inspector');
  expect(r.rebuilt).not.toContain('org-root-inspector-delegation');
  expect(r.rebuilt).not.toContain('security-evidence');
});

test('a renamed account that stacks depend on rebuilds the stacks whose cdktf manifest names it, and equals a full synth', () => {
  // security holds the inspector and evidence stacks: the image factory and every patching stack deploy after them.
  const edited = editedCopy(DEFAULT_PROFILE, (t) => t.replace(/\bsecurity\b(?=[:,\s\]])/g, 'audit'));
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toEqual(
    expect.arrayContaining([
      'audit-evidence',
      'audit-inspector',
      'image-factory-image-factory',
      'patient-portal-patching',
    ]),
  );
  const manifest = JSON.parse(r.incremental['/manifest.json']);
  expect(manifest.stacks['image-factory-image-factory'].dependencies).toEqual(
    expect.arrayContaining(['audit-evidence', 'audit-inspector']),
  );
});

test('an edit to the evidence settings rebuilds what reads them and keeps the inspector stacks', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, '\ninspector:\n', '\nevidence:\n  retentionDays: 800\n\ninspector:\n'),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toEqual(expect.arrayContaining(['image-factory-image-factory', 'security-evidence']));
  expect(r.rebuilt).not.toContain('security-inspector');
  expect(r.rebuilt).not.toContain('org-root-inspector-delegation');
});

test('a rebuilt stack whose dependencies are kept lists them in the cdktf manifest as a full synth does', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, 'cron: cron(0 18 ? * SUN *)', 'cron: cron(0 19 ? * SUN *)'),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(
    JSON.parse(r.incremental['/manifest.json']).stacks['image-factory-image-factory'].dependencies.length,
  ).toBeGreaterThan(2);
  // One App builds the image factory without the inspector stack it deploys after (worker threads build it with
  // them: test/e2e/synth-incremental-threads.test.ts).
  expect(r.rebuilt).toContain('image-factory-image-factory');
  expect(r.rebuilt).not.toContain('security-inspector');
});

test("RAM sharing with the organization going away rebuilds the management account's stack", () => {
  // The only parameter shared with an OU: without it no RAM principal is an OU or the organization.
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, '        parameter: /wattle/golden-ami/al2023-arm64/latest\n', ''),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toEqual(expect.arrayContaining(['image-factory-image-factory', 'org-root-inspector-delegation']));
  expect(r.rebuilt).not.toContain('security-inspector');
  expect(r.incremental['/stacks/org-root-inspector-delegation/cdk.tf.json']).not.toContain(
    'aws_ram_sharing_with_organization',
  );
  expect(r.before['/stacks/org-root-inspector-delegation/cdk.tf.json']).toContain('aws_ram_sharing_with_organization');
});

test('an edit to a component document rebuilds the image factory', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, '# yaml-language-server', '# edited\n# yaml-language-server'),
  );
  const component = join(dirname(edited), 'components', 'wattle-agents.yaml');
  writeFileSync(component, readFileSync(component, 'utf8') + '# a comment changes the document\n');
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toContain('image-factory-image-factory');
  expect(r.rebuilt).not.toContain('security-inspector');
});

test('kept stacks are hard links to the previous output (nothing rewritten) and inputs.json records every per-account stack', () => {
  const out = join(tmp(), 'out');
  const model = loadModel(DEFAULT_PROFILE, AS_OF);
  synthesize(model, out, { workers: 1 });
  const file = join(out, 'stacks', 'staff-desktops-patching', 'cdk.tf.json');
  const ino = statSync(file).ino;
  synthesize(model, out, { workers: 1 });
  // Nothing changed: every stack is kept, the organization-wide ones included.
  expect(lastSynthStats).toEqual({ built: 0, reused: inodes(out).size });
  expect(statSync(file).ino).toBe(ino);
  const inputs = JSON.parse(readFileSync(join(out, INPUTS_FILE), 'utf8'));
  expect(inputs.stacks['210987654327/patching'].name).toBe('staff-desktops-patching');
  // --full rebuilds everything: a new file.
  synthesize(model, out, { workers: 1, full: true });
  expect(lastSynthStats.reused).toBe(0);
  expect(statSync(file).ino).not.toBe(ino);
});

test('an edit to a pipeline equals a full synth and keeps the inspector stacks', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, 'cron: cron(0 18 ? * SUN *)', 'cron: cron(0 19 ? * SUN *)'),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(changedStacks(r.before, r.incremental)).toEqual(expect.arrayContaining(['image-factory-image-factory']));
  expect(r.rebuilt).not.toContain('security-inspector');
});

test("an edit to the organization's regions rebuilds every stack that reads them and equals a full synth", () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(
      t,
      'regions: [ap-southeast-2, us-east-1]\n  organizationalUnits',
      'regions: [ap-southeast-2, us-east-1, eu-west-1]\n  organizationalUnits',
    ),
  );
  const r = incrementalVsFull(edited);
  // Only the image factory is kept: its regions are its pipelines', and it reads no account's.
  const stacks = Object.keys(r.full)
    .filter((f) => f.endsWith('/cdk.tf.json'))
    .map((f) => f.split('/')[2]);
  expect(r.rebuilt).toEqual(stacks.filter((n) => n !== 'image-factory-image-factory').sort());
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
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(
      t,
      'regions: [ap-southeast-2, us-east-1]\n  organizationalUnits',
      'regions: [us-east-1, ap-southeast-2]\n  organizationalUnits',
    ).replace(/(    security: \{[^\n]*\n)(    image-factory: \{[^\n]*\n)/, '$2$1'),
  );
  const r = incrementalVsFull(edited);
  expect(r.incremental).toEqual(r.full);
  expect(r.rebuilt).toEqual([]);
});
