// `npm run bench`: the performance targets of issue 17, each against the floor measured in the same run: a whole
// node process that reads, parses, serializes and writes the same output (what any generator must at least do).
// Prints a table and writes bench/results/latest.{md,json}. BENCH_LARGE=0 skips the 10,000-account synthesis;
// `-- --evidence` runs the observed-evidence benchmark instead.
import { ACME as ACME_PROFILE } from '../test/support/profiles';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'os';
import { basename, dirname, join } from 'path';
import { BENCH_AS_OF, writeProfile } from './generate';
import { measure, type Run } from './measure';

const ROOT = join(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const ENV = { ...process.env, CHECKPOINT_DISABLE: '1' };
const CLI = join(ROOT, 'bin', 'patchline.js');
const HOUR = 60 * 60_000;
/** Runs of each 1,000-account measure and of its floor; the figures are their medians. */
const ROUNDS = 3;

/** The run with the median wall time (of an odd number). */
function median(runs: readonly Run[]): Run {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

/** The floor: one node process reading every cdk.tf.json, parsing, serializing and writing it elsewhere. */
const FLOOR = `
const fs = require('fs'), path = require('path');
const [src, dst] = process.argv.slice(1);
for (const name of fs.readdirSync(path.join(src, 'stacks'))) {
  const json = JSON.parse(fs.readFileSync(path.join(src, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  fs.mkdirSync(path.join(dst, name), { recursive: true });
  fs.writeFileSync(path.join(dst, name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
}`;

interface Measure {
  name: string;
  run: Run;
  floorMs?: number;
  target: string;
  met: boolean;
  /** Every round the figure is the median of. */
  rounds?: Run[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const walls = (runs: readonly Run[]) => runs.map((r) => s(r.ms)).join(', ');
const mb = (r: Run) => (r.rssMb === undefined ? '?' : `${r.rssMb.toFixed(0)} MB`);

function outputMb(out: string): number {
  let bytes = 0;
  for (const name of readdirSync(join(out, 'stacks'))) bytes += statSync(join(out, 'stacks', name, 'cdk.tf.json')).size;
  return bytes / 2 ** 20;
}

/**
 * Measures the floor into a new folder. Nothing is deleted until the run ends: ext4 without a journal (as
 * here) skips inodes freed in the last half minute when it allocates new ones, so a measure taken just after
 * a deletion of a thousand folders was slowed by up to a second, whichever of synth and floor it was.
 */
async function floor(out: string, dst: string): Promise<Run> {
  const r = await measure(process.execPath, ['-e', FLOOR, out, dst], ENV, HOUR);
  if (!r.ok) throw new Error(`floor failed: ${r.note}`);
  return r;
}

/** Waits (up to a minute) for the detached process deleting `out`'s previous output (src/synth/cleanup.ts). */
async function trashGone(out: string): Promise<void> {
  const prefix = `${basename(out)}.old-`;
  for (let i = 0; i < 600 && readdirSync(dirname(out)).some((n) => n.startsWith(prefix)); i++)
    await new Promise((r) => setTimeout(r, 100));
}

async function synth(profile: string, out: string, extra: string[] = []): Promise<Run> {
  const r = await measure(
    process.execPath,
    [CLI, 'synth', profile, '--out', out, '--as-of', BENCH_AS_OF, ...extra],
    ENV,
    HOUR,
  );
  if (!r.ok) throw new Error(`synth of ${profile} failed: ${r.note}`);
  return r;
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const work = mkdtempSync(join(tmpdir(), 'patchline-bench-'));
  const measures: Measure[] = [];
  const loads: number[] = [];
  const note = (m: Measure) => {
    measures.push(m);
    loads.push(loadavg()[0]);
    log(
      `  ${m.name}: ${s(m.run.ms)}${m.floorMs ? ` (${(m.run.ms / m.floorMs).toFixed(1)}× floor)` : ''}, peak ${mb(m.run)}: ${m.met ? 'met' : 'MISSED'} (${m.target})`,
    );
  };
  try {
    // validate of Acme from a cold process: the median of 5.
    // The Acme contract as the tests validate it: corrected where honest validation fails it.
    const profile = ACME_PROFILE;
    const runs: Run[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await measure(process.execPath, [CLI, 'validate', profile, '--as-of', BENCH_AS_OF], ENV, HOUR);
      if (!r.ok) throw new Error(`validate of Acme failed: ${r.note}`);
      runs.push(r);
    }
    const v = median(runs);
    note({
      name: 'validate, Acme, cold process (median of 5)',
      run: v,
      target: '< 0.5 s',
      met: v.ms < 500,
      rounds: runs,
    });

    const sizes: Record<number, { synth: Run; floor: Run; floors: Run[]; mb: number }> = {};
    // The larger size first: the re-synths at 1,000 accounts leave their previous outputs to background deleters.
    for (const accounts of [...(process.env.BENCH_LARGE === '0' ? [] : [10_000]), 1000]) {
      const file = writeProfile(join(work, 'profiles'), accounts);
      // At 1,000 accounts, ROUNDS full syntheses (each into a new folder) alternate with ROUNDS floors, and each
      // figure is the median of its rounds: on a shared machine one run of either moved by half between runs.
      const rounds = accounts === 1000 ? ROUNDS : 1;
      const fulls: Run[] = [];
      const floors: Run[] = [];
      let out = '';
      for (let i = 0; i < rounds; i++) {
        out = join(work, `out-${accounts}-${i}`);
        log(`${accounts} accounts: full synth ${i + 1}/${rounds}…`);
        fulls.push(await synth(file, out, ['--full']));
        floors.push(await floor(out, join(work, `floor-${accounts}-${i}`)));
      }
      const full = median(fulls);
      const fl = median(floors);
      sizes[accounts] = { synth: full, floor: fl, floors, mb: outputMb(out) };
      log(`  floor ${s(fl.ms)} (${sizes[accounts].mb.toFixed(0)} MB of cdk.tf.json)`);
      const of = rounds > 1 ? ` (median of ${rounds})` : '';
      if (accounts === 1000) {
        note({
          name: `full synth, 1,000 accounts${of}`,
          run: full,
          floorMs: fl.ms,
          target: '≤ 5× floor, < 1 GB',
          met: full.ms <= 5 * fl.ms && (full.rssMb ?? Infinity) < 1024,
          rounds: fulls,
        });
        // One account edited, then put back, then edited again: each synthesis follows a one-account change to
        // the last workload account (internet-facing: expedite lane, Inspector tag).
        const text = readFileSync(file, 'utf8');
        const edited = text.replace(
          '    app-0997-prod:\n      id: "100000001000"\n      ou: workloads-prod\n',
          '$&      exposure: internet-facing\n',
        );
        if (edited === text) throw new Error('the one-account edit matched nothing');
        const agains: Run[] = [];
        for (let i = 0; i < rounds; i++) {
          writeFileSync(file, i % 2 === 0 ? edited : text);
          // Each re-synth on an otherwise idle machine: the previous one's output is still being deleted.
          await trashGone(out);
          agains.push(await synth(file, out));
        }
        const again = median(agains);
        note({
          name: `re-synth after a one-account edit, 1,000 accounts${of}`,
          run: again,
          floorMs: fl.ms,
          target: '< 2 s',
          met: again.ms < 2000,
          rounds: agains,
        });
      }
    }
    const large = sizes[10_000];
    if (large) {
      const linear = large.synth.ms / sizes[1000].synth.ms / 10;
      note({
        name: 'full synth, 10,000 accounts',
        run: large.synth,
        floorMs: large.floor.ms,
        target: `< 90 s, < 3 GB, linear from 1,000 (time ratio ÷ size ratio: ${linear.toFixed(2)})`,
        met: large.synth.ms < 90_000 && (large.synth.rssMb ?? Infinity) < 3072 && linear < 1.25,
      });
    }
    const cpu = cpus();
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Linux ${release()}, Node ${process.version}, commit ${commit || 'unknown'}`;
    const md =
      [
        `Machine: ${machine}; 1-minute load average during the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (${cpu.length} cores).`,
        '',
        '| size | floor (read + parse + serialize + write, whole process) | output |',
        '|--:|--:|--:|',
        ...Object.entries(sizes).map(
          ([n, x]) =>
            `| ${Number(n).toLocaleString('en')} accounts | ${s(x.floor.ms)}, ${mb(x.floor)} | ${x.mb.toFixed(0)} MB |`,
        ),
        '',
        '| measure | wall | ratio to floor | CPU | peak RSS | target | |',
        '|---|--:|--:|--:|--:|---|---|',
        ...measures.map(
          (m) =>
            `| ${m.name} | ${s(m.run.ms)} | ${m.floorMs ? `${(m.run.ms / m.floorMs).toFixed(1)}×` : '–'} | ${m.run.cpuMs === undefined ? '?' : s(m.run.cpuMs)} | ${mb(m.run)} | ${m.target} | ${m.met ? 'met' : '**missed**'} |`,
        ),
        '',
        'Every round, in the order run (wall time):',
        ...Object.entries(sizes)
          .filter(([, x]) => x.floors.length > 1)
          .map(([n, x]) => `- floor, ${Number(n).toLocaleString('en')} accounts: ${walls(x.floors)}`),
        ...measures.filter((m) => m.rounds).map((m) => `- ${m.name}: ${walls(m.rounds!)}`),
      ].join('\n') + '\n';
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.md'), md);
    writeFileSync(
      join(RESULTS, 'latest.json'),
      JSON.stringify({ machine, date: new Date().toISOString(), loads, sizes, measures }, null, 2) + '\n',
    );
    process.stdout.write(`\n${md}\nWritten to bench/results/latest.md and latest.json.\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// --evidence: the observed-evidence benchmark instead (bench/evidence.ts); `npm run bench:sizes`: the 10/100/1,000 table.
(process.argv.includes('--evidence') ? import('./evidence').then((m) => m.evidenceBench()) : main()).catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
