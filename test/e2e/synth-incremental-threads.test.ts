// Incremental synthesis across worker threads (each thread loads cdktf and the sources again): a stack rebuilt
// there is built with the stacks it deploys after, kept or not, and the output equals a full synthesis.
import { mkdtempSync, readdirSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthesize } from '../../src/synth';
import { AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from '../support/profiles';
import { readTree } from '../support/synth';

const inodes = (out: string) =>
  new Map(readdirSync(join(out, 'stacks')).map((n) => [n, statSync(join(out, 'stacks', n, 'cdk.tf.json')).ino]));

test('an edit to a pipeline, synthesized by two threads, equals a full synth and rebuilds what the image factory deploys after', () => {
  const edited = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, 'cron: cron(0 18 ? * SUN *)', 'cron: cron(0 19 ? * SUN *)'),
  );
  const dir = mkdtempSync(join(tmpdir(), 'patchline-incr-threads-'));
  const out = join(dir, 'incremental');
  synthesize(loadModel(DEFAULT_PROFILE, AS_OF), out, { workers: 2 });
  const was = inodes(out);
  synthesize(loadModel(edited, AS_OF), out, { workers: 2 });
  const rebuilt = [...inodes(out)].filter(([n, ino]) => was.get(n) !== ino).map(([n]) => n);
  synthesize(loadModel(edited, AS_OF), join(dir, 'full'), { workers: 1 });
  expect(readTree(out)).toEqual(readTree(join(dir, 'full')));
  expect(rebuilt).toEqual(expect.arrayContaining(['image-factory-image-factory', 'security-inspector']));
}, 120_000);
