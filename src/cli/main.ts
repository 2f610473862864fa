// The patchline command line: validate, synth, report, affected, plan, apply, plan-report.
import { relative } from 'path';
import { parseShard } from '../affected';
import { writeEvidence } from '../compliance/report';
import { checkOutput, formatFinding } from '../security/check';
import { RULES, rulesTable } from '../security/rules';
import { synthesize } from '../synth';
import { affectedCommand } from './affected';
import { applyCommand } from './apply';
import { evidenceObserved } from './evidence';
import { parseArgs, type Args } from './args';
import { planCommand, selectTargets } from './plan';
import { loadOrFail, profilePath, runCommand } from './profile-arg';
import { markdownReport, readResults } from './plan-report';
import { USAGE, type Verb } from './verbs';

const VALUED = new Set(['from', 'days', 'as-of', 'out', 'affected', 'stack', 'shard', 'parallelism', 'json-dir', 'max-jobs']);

const str = (args: Args, flag: string): string | undefined => {
  const v = args.flags.get(flag);
  if (v === true) throw new Error(`--${flag} needs a value`);
  return v;
};

function positiveInt(args: Args, flag: string): number | undefined {
  const v = str(args, flag);
  if (v === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`--${flag} must be a positive whole number, not "${v}"`);
  return Number(v);
}

function bool(args: Args, flag: string, dflt: boolean): boolean {
  const v = args.flags.get(flag);
  if (v === undefined) return dflt;
  if (v === true || v === 'true') return true;
  if (v === 'false') return false;
  throw new Error(`--${flag} is true or false, not "${v}"`);
}

const HANDLERS: Record<Verb, (args: Args) => Promise<number> | number> = {
  validate: (args) => {
    const model = loadOrFail(profilePath(args.positionals[0]), str(args, 'as-of'));
    process.stdout.write(`${relative(process.cwd(), model.file)}: valid (${model.accounts.length} accounts, ${model.regions.length} regions)\n`);
    return 0;
  },
  synth: (args) => {
    const model = loadOrFail(profilePath(args.positionals[0]), str(args, 'as-of'));
    const out = str(args, 'out') ?? 'cdktf.out';
    const manifest = synthesize(model, out);
    process.stdout.write(`synthesized ${manifest.stacks.length} stacks into ${out}/stacks\n`);
    return 0;
  },
  report: (args) => {
    // The report is the evidence either way: it never enforces.
    const model = loadOrFail(profilePath(args.positionals[0]), str(args, 'as-of'), { enforce: false });
    const out = str(args, 'out') ?? 'evidence';
    const { files, assessment: a } = writeEvidence(model, out);
    const reached = a.achieved ? `ML${a.achieved}` : 'no maturity level';
    process.stdout.write(`${files.map((f) => relative(process.cwd(), f)).join(', ')}: Essential Eight ${a.edition} as of ${a.asOf}: ${reached} reached (target ML${a.targetMaturity}${a.achieved >= a.targetMaturity ? '' : ', not met'})\n`);
    return 0;
  },
  affected: (args) => {
    const [base, head] = args.positionals;
    if (!base || !head || args.positionals.length > 2) throw new Error('usage: patchline affected <base-out> <head-out> [--json [--max-jobs N]]');
    return affectedCommand({ base, head, json: bool(args, 'json', false), maxJobs: positiveInt(args, 'max-jobs') }, process.stdout);
  },
  plan: async (args) => {
    if (args.positionals.length) throw new Error(`plan takes no positional arguments (got ${args.positionals.join(' ')}); use --out DIR`);
    const shard = str(args, 'shard');
    const targets = selectTargets({
      out: str(args, 'out') ?? 'cdktf.out',
      affected: str(args, 'affected'),
      stacks: str(args, 'stack')?.split(',').filter(Boolean),
      shard: shard === undefined ? undefined : parseShard(shard),
    });
    const { code } = await planCommand({
      targets,
      parallelism: positiveInt(args, 'parallelism'),
      jsonDir: str(args, 'json-dir'),
      refresh: bool(args, 'refresh', true),
      out: process.stdout,
    });
    return code;
  },
  apply: async (args) => {
    if (args.positionals.length) throw new Error(`apply takes no positional arguments (got ${args.positionals.join(' ')}); use --out DIR`);
    const targets = selectTargets({ out: str(args, 'out') ?? 'cdktf.out', affected: str(args, 'affected'), stacks: str(args, 'stack')?.split(',').filter(Boolean) });
    const { code } = await applyCommand({ targets, parallelism: positiveInt(args, 'parallelism'), out: process.stdout });
    return code;
  },
  check: (args) => {
    if (args.flags.has('rules')) {
      process.stdout.write(rulesTable());
      return 0;
    }
    const { stacks, findings } = checkOutput(args.positionals[0] ?? 'cdktf.out');
    for (const f of findings) process.stdout.write(formatFinding(f) + '\n');
    const summary = `${stacks.length} stacks, ${RULES.length} rules: ${findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'no findings'}\n`;
    (findings.length ? process.stderr : process.stdout).write(summary);
    return findings.length ? 1 : 0;
  },
  evidence: async (args) => {
    const [sub, profile] = args.positionals;
    const from = str(args, 'from');
    if (sub !== 'observed' || !from) throw new Error('usage: patchline evidence observed [profile] --from s3://bucket/prefix|DIR [--out evidence] [--days 90]');
    const model = loadOrFail(profilePath(profile), str(args, 'as-of'), { enforce: false });
    return (await evidenceObserved({ model, from, out: str(args, 'out'), days: positiveInt(args, 'days'), stdout: process.stdout, stderr: process.stderr })).code;
  },
  'plan-report': (args) => {
    if (!args.positionals.length) throw new Error('usage: patchline plan-report <json-dir>...');
    process.stdout.write(markdownReport(readResults(args.positionals)));
    return 0;
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, VALUED);
  const handler = args.verb !== undefined && Object.hasOwn(HANDLERS, args.verb) ? HANDLERS[args.verb as Verb] : undefined;
  if (!handler || args.flags.has('help')) {
    process.stderr.write(USAGE + '\n');
    return args.verb === undefined || args.verb === 'help' || args.flags.has('help') ? 0 : 1;
  }
  return handler(args);
}

void runCommand(() => main(process.argv.slice(2)));
