// `npm run bench:sizes` (`-- --evidence` for the observed-evidence benchmark instead): validation and synthesis time and peak memory for synthetic organizations of 10, 100 and 1,000
// accounts (BENCH_SIZES=10,100 to change). Prints a table and writes bench/results/latest.{md,json}.
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'os';
import { join } from 'path';
import { assess } from '../src/compliance/assess';
import { loadProfile } from '../src/profile/load';
import { BENCH_AS_OF, writeProfile } from './generate';
import { measure, TIME, type Run } from './measure';

const ROOT = join(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const VALIDATE_RUNS = 5;
const SYNTH_RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 3);
/** The cdktf CLI run is skipped (reported as such) once it takes longer than this. */
const CDKTF_TIMEOUT_MS = 3 * 60_000;
const TARGETS = { accounts: 1000, validateMs: 1000, synthMs: 15_000, rssMb: 1536 };

interface Row {
  accounts: number;
  stacks: number;
  resources: number;
  outputMb: number;
  validateMs: number;
  /** Essential Eight assessment of the loaded model. */
  assessMs: number;
  /** Median and best of the runs: the best is the least disturbed by other work on the machine. */
  synth: Run & { bestMs: number };
  cdktf: Run;
  /** 1-minute load average when the size was done: other work on the machine inflates wall times. */
  load: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function outputStats(out: string): { stacks: number; resources: number; bytes: number } {
  let resources = 0;
  let bytes = 0;
  const names = readdirSync(join(out, 'stacks'));
  for (const name of names) {
    const file = join(out, 'stacks', name, 'cdk.tf.json');
    bytes += statSync(file).size;
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const byType of Object.values<Record<string, unknown>>(json.resource ?? {}))
      resources += Object.keys(byType).length;
  }
  return { stacks: names.length, resources, bytes };
}

async function benchSize(work: string, accounts: number): Promise<Row> {
  const profile = writeProfile(join(work, 'profiles'), accounts);
  const log = (msg: string) => process.stderr.write(`  ${accounts} accounts: ${msg}\n`);

  const times: number[] = [];
  for (let i = 0; i < VALIDATE_RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = loadProfile(profile, { asOf: BENCH_AS_OF });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!r.model)
      throw new Error(
        `generated profile does not validate:\n${r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path} ${d.message}`).join('\n')}`,
      );
  }
  const validateMs = median(times);
  // validate and synth also assess Essential Eight compliance (compliance.enforce): measured on its own.
  const model = loadProfile(profile, { asOf: BENCH_AS_OF }).model!;
  const assessTimes: number[] = [];
  for (let i = 0; i < VALIDATE_RUNS; i++) {
    const t = process.hrtime.bigint();
    assess(model);
    assessTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const assessMs = median(assessTimes);
  log(`validated in ${validateMs.toFixed(0)} ms, assessed in ${assessMs.toFixed(0)} ms (medians of ${VALIDATE_RUNS})`);

  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  const out = join(work, `out-${accounts}`);
  const synthRuns: Run[] = [];
  for (let i = 0; i < SYNTH_RUNS; i++) {
    // Into a fresh directory each time, as in CI: replacing an existing output also pays for deleting it.
    rmSync(out, { recursive: true, force: true });
    const run = await measure(
      process.execPath,
      ['--import', 'tsx', 'cli.ts', 'synth', profile, '--out', out, '--as-of', BENCH_AS_OF],
      env,
      30 * 60_000,
    );
    if (!run.ok) throw new Error(`synth of ${accounts} accounts failed: ${run.note}`);
    synthRuns.push(run);
  }
  const cpus = synthRuns.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  const synth: Run & { bestMs: number } = {
    ms: median(synthRuns.map((r) => r.ms)),
    bestMs: Math.min(...synthRuns.map((r) => r.ms)),
    cpuMs: cpus.length ? median(cpus) : undefined,
    rssMb: Math.max(...synthRuns.map((r) => r.rssMb ?? 0)) || undefined,
    ok: true,
  };
  const stats = outputStats(out);
  log(
    `synthesized ${stats.stacks} stacks (${stats.resources} resources) in ${(synth.ms / 1000).toFixed(1)} s (median of ${SYNTH_RUNS}), peak ${synth.rssMb?.toFixed(0) ?? '?'} MB`,
  );

  const cdktfOut = join(work, `cdktf-${accounts}`);
  const cdktf = await measure(
    join(ROOT, 'node_modules', '.bin', 'cdktf'),
    ['synth', '--output', cdktfOut],
    { ...env, PROFILE: profile, PATCHLINE_AS_OF: BENCH_AS_OF },
    CDKTF_TIMEOUT_MS,
  );
  log(
    cdktf.ok
      ? `cdktf synth in ${(cdktf.ms / 1000).toFixed(1)} s, peak ${cdktf.rssMb?.toFixed(0) ?? '?'} MB`
      : `cdktf synth: ${cdktf.note}`,
  );
  rmSync(out, { recursive: true, force: true });
  rmSync(cdktfOut, { recursive: true, force: true });
  return {
    accounts,
    stacks: stats.stacks,
    resources: stats.resources,
    outputMb: stats.bytes / 1048576,
    validateMs,
    assessMs,
    synth,
    cdktf,
    load: loadavg()[0],
  };
}

/** log-log slope: time ∝ accounts^k. */
const exponent = (a: Row | undefined, b: Row | undefined, f: (r: Row) => number | undefined) => {
  const [x, y] = [a && f(a), b && f(b)];
  return a && b && x && y ? Math.log(y / x) / Math.log(b.accounts / a.accounts) : undefined;
};

function machine(): string {
  const cpu = cpus();
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Linux ${release()}, Node ${process.version}, commit ${commit || 'unknown'}`;
}

function report(rows: Row[]): { md: string; json: object } {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (r: Run) => (r.rssMb === undefined ? '?' : `${r.rssMb.toFixed(0)} MB`);
  const cd = (r: Run) => (r.ok ? s(r.ms) : (r.note ?? 'failed'));
  const lines = [
    `Machine: ${machine()}. Peak memory: ${TIME ? 'GNU time (largest process)' : '/proc VmHWM of the top process'}.`,
    '',
    '| accounts | stacks | resources | cdk.tf.json | validate (median) | assess (median) | synth, node: wall median (best) | CPU | peak RSS | `cdktf synth`: wall | peak RSS | load avg |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.accounts} | ${r.stacks} | ${r.resources} | ${r.outputMb.toFixed(1)} MB | ${r.validateMs.toFixed(0)} ms | ${r.assessMs.toFixed(0)} ms | ` +
        `${s(r.synth.ms)} (${s(r.synth.bestMs)}) | ${r.synth.cpuMs === undefined ? '?' : s(r.synth.cpuMs)} | ${mb(r.synth)} | ${cd(r.cdktf)} | ${r.cdktf.ok ? mb(r.cdktf) : '–'} | ${r.load.toFixed(1)} |`,
    ),
  ];
  const r100 = rows.find((r) => r.accounts === 100);
  const r1000 = rows.find((r) => r.accounts === 1000);
  const k = {
    validate: exponent(r100, r1000, (r) => r.validateMs),
    assess: exponent(r100, r1000, (r) => r.assessMs),
    synth: exponent(r100, r1000, (r) => r.synth.ms),
    synthCpu: exponent(r100, r1000, (r) => r.synth.cpuMs),
    cdktf: exponent(r100, r1000, (r) => (r.cdktf.ok ? r.cdktf.ms : undefined)),
    resources: exponent(r100, r1000, (r) => r.resources),
  };
  const fmt = (x?: number) => (x === undefined ? 'n/a' : x.toFixed(2));
  lines.push(
    '',
    `Growth exponent k (time ∝ accounts^k, 100 → 1,000 accounts): validate ${fmt(k.validate)}, assess ${fmt(k.assess)}, synth wall ${fmt(k.synth)} ` +
      `(includes a constant ~2 s of start-up), synth CPU ${fmt(k.synthCpu)}, cdktf synth ${fmt(k.cdktf)}; ` +
      `resources ${fmt(k.resources)}. k = 1 is linear.`,
  );
  if (r1000) {
    const check = (ok: boolean) => (ok ? 'met' : '**missed**');
    lines.push(
      '',
      `Targets at 1,000 accounts: validate < ${TARGETS.validateMs} ms: ${check(r1000.validateMs < TARGETS.validateMs)}; ` +
        `synth < ${TARGETS.synthMs / 1000} s: ${check(r1000.synth.ms < TARGETS.synthMs)}${r1000.synth.ms >= TARGETS.synthMs && r1000.synth.bestMs < TARGETS.synthMs ? ' by the median, met by the best run' : ''}; ` +
        `peak < ${(TARGETS.rssMb / 1024).toFixed(1)} GB: ${check((r1000.synth.rssMb ?? Infinity) < TARGETS.rssMb)}.`,
    );
  }
  return {
    md: lines.join('\n') + '\n',
    json: { machine: machine(), date: new Date().toISOString(), rows, exponents: k },
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'patchline-bench-'));
  process.stderr.write(`benchmark in ${work} (${SIZES.join(', ')} accounts)\n`);
  try {
    const rows: Row[] = [];
    for (const n of SIZES) rows.push(await benchSize(work, n));
    const { md, json } = report(rows);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.md'), md);
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
    process.stdout.write(`\n${md}\nWritten to bench/results/latest.md and latest.json.\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// --evidence: the observed-evidence benchmark only (bench/evidence.ts).
(process.argv.includes('--evidence') ? import('./evidence').then((m) => m.evidenceBench()) : main()).catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
