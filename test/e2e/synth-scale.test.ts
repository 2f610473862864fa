// Synthesis split across worker threads (../synth-scale.test.ts has the rest of synthesis at scale). Here, not in
// the unit tier, because each thread loads cdktf and the TypeScript sources again through tsx: about 4 s of CPU a
// thread, the heaviest tests of the in-process suites.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BENCH_AS_OF, writeProfile } from '../../bench/generate';
import { layoutStacks } from '../../src/model/layout';
import { synthesize } from '../../src/synth';
import { loadModel } from '../support/profiles';
import { readTree } from '../support/synth';

const loadModelStacks = (model: Parameters<typeof layoutStacks>[0]) => layoutStacks(model).length;

describe('synthesis at scale', () => {
  test('synthesis split across worker threads writes exactly what one thread writes', () => {
    const model = loadModel(writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 40), BENCH_AS_OF);
    const out = (workers: number) => {
      const dir = join(mkdtempSync(join(tmpdir(), 'patchline-par-')), 'cdktf.out');
      synthesize(model, dir, { workers });
      return readTree(dir);
    };
    const one = out(1);
    expect(Object.keys(one).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(loadModelStacks(model));
    expect(out(3)).toEqual(one);
  }, 120_000);

  test('a failing worker fails synthesis with its error, and nothing is written', () => {
    const file = writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 12);
    const model = loadModel(file, BENCH_AS_OF);
    writeFileSync(file, 'version: 1\n');
    const dir = join(mkdtempSync(join(tmpdir(), 'patchline-par-')), 'cdktf.out');
    expect(() => synthesize(model, dir, { workers: 2 })).toThrow(
      /synthesis worker failed: Error: .*no longer validates.*: it changed during synthesis/,
    );
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  }, 60_000);
});
