// Synthesis split across worker threads (../synth-scale.test.ts has the rest of synthesis at scale). Here, not in
// the unit tier, because each thread loads cdktf and the TypeScript sources again through tsx: about 4 s of CPU a
// thread, the heaviest tests of the in-process suites.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BENCH_AS_OF, writeProfile } from '../../bench/generate';
import { layoutStacks } from '../../src/model/layout';
import { loadProfile } from '../../src/profile/load';
import { synthesize } from '../../src/synth';
import { registeredStacksModule } from '../../src/synth/stacks-module';
import {
  defaultWorkers,
  PARALLEL_MIN_STACKS,
  PRESTART_MIN_BYTES,
  prestartWorkers,
  WorkerPool,
} from '../../src/synth/worker-pool';
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
    // Workers started before the profile was read (as the synth command starts them) write the same.
    const pool = new WorkerPool({ profile: model.file, asOf: BENCH_AS_OF, stacksModule: registeredStacksModule() }, 1);
    const dir = join(mkdtempSync(join(tmpdir(), 'patchline-par-')), 'cdktf.out');
    synthesize(model, dir, { workers: 2, pool });
    expect(readTree(dir)).toEqual(one);
  }, 180_000);

  test("workers given the main thread's model source build the same model without reading the profile", () => {
    const file = writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 12);
    const text = readFileSync(file, 'utf8');
    const { model, source } = loadProfile(file, { asOf: BENCH_AS_OF });
    const synth = (pool?: WorkerPool) => {
      const dir = join(mkdtempSync(join(tmpdir(), 'patchline-par-')), 'cdktf.out');
      synthesize(model!, dir, { workers: 2, pool });
      return readTree(dir);
    };
    const one = synth();
    const setup = { profile: file, asOf: BENCH_AS_OF, stacksModule: registeredStacksModule() };
    // Gone: a worker that read it would fail ("no longer validates").
    unlinkSync(file);
    const pool = new WorkerPool(setup, 1);
    pool.provide(source!);
    expect(synth(pool)).toEqual(one);
    // A source that builds another model (one ring's schedule differs) fails synthesis, as a changed profile does.
    writeFileSync(file, text.replace('cron(0 2 ? * WED *)', 'cron(0 4 ? * WED *)'));
    const other = new WorkerPool(setup, 1);
    other.provide(loadProfile(file, { asOf: BENCH_AS_OF }).source!);
    expect(() => synth(other)).toThrow(/synthesis worker failed: Error: .*its stacks' inputs differ/);
  }, 120_000);

  test('a worker whose profile changed in any value since the main thread read it fails synthesis', () => {
    const file = writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 12);
    const pool = new WorkerPool({ profile: file, asOf: BENCH_AS_OF, stacksModule: registeredStacksModule() }, 1);
    const model = loadModel(file, BENCH_AS_OF);
    // Still valid, same stacks: only a ring's schedule differs, which only the input keys notice.
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('cron(0 2 ? * WED *)');
    writeFileSync(file, text.replace('cron(0 2 ? * WED *)', 'cron(0 4 ? * WED *)'));
    expect(loadModel(file, BENCH_AS_OF).stacks.length).toBe(model.stacks.length);
    const dir = join(mkdtempSync(join(tmpdir(), 'patchline-par-')), 'cdktf.out');
    expect(() => synthesize(model, dir, { workers: 2, pool })).toThrow(
      /synthesis worker failed: Error: .*changed during synthesis: its stacks' inputs differ/,
    );
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  test('workers start early only for a large profile with nothing to keep, on more than one core', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-pre-'));
    const large = writeProfile(join(dir, 'large'), 400);
    const small = writeProfile(join(dir, 'small'), 12);
    expect(readFileSync(large).length).toBeGreaterThanOrEqual(PRESTART_MIN_BYTES);
    expect(readFileSync(small).length).toBeLessThan(PRESTART_MIN_BYTES);
    const setup = (profile: string) => ({ profile, stacksModule: registeredStacksModule() });
    const out = join(dir, 'cdktf.out');
    expect(prestartWorkers(setup(small), { out })).toBeUndefined();
    expect(prestartWorkers(setup(join(dir, 'missing.yaml')), { out })).toBeUndefined();
    const pool = prestartWorkers(setup(large), { out });
    // One core: never (the machine this runs on decides).
    const cores = defaultWorkers(PARALLEL_MIN_STACKS) > 1;
    if (!cores) expect(pool).toBeUndefined();
    else expect(pool).toBeInstanceOf(WorkerPool);
    pool?.close();
    // A previous output means a re-synth that keeps most stacks, unless --full.
    mkdirSync(out);
    writeFileSync(join(out, 'inputs.json'), '{}');
    expect(prestartWorkers(setup(large), { out })).toBeUndefined();
    const full = prestartWorkers(setup(large), { out, full: true });
    expect(full === undefined).toBe(!cores);
    full?.close();
  }, 60_000);

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
