// `npm run bench -- --evidence`: `patchline evidence observed` over a seeded organization (test/support/observed-data.ts)
// of 2,500, 5,000 and 10,000 instances × 90 days (BENCH_EVIDENCE_SIZES to change), read from a local copy of the
// bucket layout. Wall time, CPU time and peak RSS of the CLI process (GNU time); target at 10,000 instances:
// under 20 s and 512 MB, linear in input. Writes bench/results/evidence.{md,json}.
import { ACME } from '../test/support/profiles';
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { loadProfile } from '../src/profile/load';
import { generateOrganization, writeFiles } from '../test/support/observed-data';

const ROOT = join(__dirname, '..');
// The Acme contract, corrected where it fails honest validation (test/support/profiles.ts).
const PROFILE = ACME;
const AS_OF = '2026-11-24';
const DAYS = 90;
const SIZES = (process.env.BENCH_EVIDENCE_SIZES ?? '2500,5000,10000').split(',').map(Number);
const TARGET = { instances: 10_000, ms: 20_000, rssMb: 512 };

interface Row {
  instances: number;
  objects: number;
  mb: number;
  findingEvents: number;
  ms: number;
  cpuMs?: number;
  rssMb?: number;
  load: number;
}

function run(dir: string, out: string): { ms: number; cpuMs?: number; rssMb?: number } {
  const args = [
    '--import',
    'tsx',
    'cli.ts',
    'evidence',
    'observed',
    PROFILE,
    '--from',
    dir,
    '--out',
    out,
    '--days',
    String(DAYS),
    '--as-of',
    AS_OF,
  ];
  const time = existsSync('/usr/bin/time');
  const t = process.hrtime.bigint();
  const r = spawnSync(time ? '/usr/bin/time' : process.execPath, time ? ['-v', process.execPath, ...args] : args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`evidence observed exited ${r.status}: ${r.stderr.split('\n').slice(-5).join(' / ')}`);
  const secs = (label: string) =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  const cpu = (secs('User') + secs('System')) * 1000;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, cpuMs: Number.isFinite(cpu) ? cpu : undefined, rssMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

export async function evidenceBench(): Promise<void> {
  const model = loadProfile(PROFILE, { asOf: AS_OF }).model!;
  const work = mkdtempSync(join(tmpdir(), 'patchline-evidence-bench-'));
  const rows: Row[] = [];
  try {
    for (const n of SIZES) {
      const g = generateOrganization(model, { seed: 2026, instances: n, days: DAYS });
      const dir = join(work, `org-${n}`);
      writeFiles(dir, g.files);
      const bytes = [...g.files.values()].reduce((s, b) => s + b.length, 0);
      const m = run(dir, join(work, `out-${n}`));
      rows.push({
        instances: n,
        objects: g.files.size,
        mb: bytes / 1048576,
        findingEvents: g.findingEvents,
        ...m,
        load: loadavg()[0],
      });
      process.stderr.write(
        `  ${n} instances: ${g.files.size} objects (${(bytes / 1048576).toFixed(1)} MB), ${(m.ms / 1000).toFixed(1)} s wall, ${m.cpuMs === undefined ? '?' : (m.cpuMs / 1000).toFixed(1)} s CPU, peak ${m.rssMb?.toFixed(0) ?? '?'} MB\n`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const k = (f: (r: Row) => number | undefined) =>
    first && last && first !== last && f(first) && f(last)
      ? Math.log(f(last)! / f(first)!) / Math.log(last.instances / first.instances)
      : undefined;
  const big = rows.find((r) => r.instances === TARGET.instances);
  const md =
    [
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. ${DAYS} days of data; the CLI process measured with GNU time.`,
      '',
      '| instances | objects | data | finding events | wall | CPU | peak RSS | load avg |',
      '|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...rows.map(
        (r) =>
          `| ${r.instances} | ${r.objects} | ${r.mb.toFixed(1)} MB | ${r.findingEvents} | ${(r.ms / 1000).toFixed(1)} s | ${r.cpuMs === undefined ? '?' : `${(r.cpuMs / 1000).toFixed(1)} s`} | ${r.rssMb?.toFixed(0) ?? '?'} MB | ${r.load.toFixed(1)} |`,
      ),
      '',
      `Growth exponent (time ∝ instances^k, ${first?.instances} → ${last?.instances}): wall ${k((r) => r.ms)?.toFixed(2) ?? 'n/a'}, CPU ${k((r) => r.cpuMs)?.toFixed(2) ?? 'n/a'}, peak RSS ${k((r) => r.rssMb)?.toFixed(2) ?? 'n/a'}. k = 1 is linear.`,
      ...(big
        ? [
            '',
            `Target at ${TARGET.instances} instances: < ${TARGET.ms / 1000} s: ${big.ms < TARGET.ms ? 'met' : `**missed**${big.cpuMs !== undefined && big.cpuMs < TARGET.ms ? ' by wall time (met by CPU time: the machine was busy)' : ''}`}; < ${TARGET.rssMb} MB: ${(big.rssMb ?? Infinity) < TARGET.rssMb ? 'met' : '**missed**'}.`,
          ]
        : []),
    ].join('\n') + '\n';
  const results = join(ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'evidence.md'), md);
  writeFileSync(
    join(results, 'evidence.json'),
    JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + '\n',
  );
  process.stdout.write(`\n${md}\nWritten to bench/results/evidence.md and evidence.json.\n`);
}
