// The patchline command line: validate, synth, report, check (and more verbs as they land).
import { relative } from 'path';
import { writeEvidence } from '../compliance/report';
import { checkOutput, formatFinding } from '../security/check';
import { RULES, rulesTable } from '../security/rules';
import { synthesize } from '../synth';
import { parseArgs } from './args';
import { loadOrFail, profilePath, runCommand } from './profile-arg';

const USAGE = `usage: patchline <verb> [profile] [options]
  validate [profile] [--as-of YYYY-MM-DD]     check a profile; exit 2 with every problem when invalid
  synth [profile] [--out cdktf.out]           synthesize every stack (atomically) into cdktf.out
  report [profile] [--out evidence]           write the Essential Eight evidence report and timeline
  check [cdktf.out] [--rules]                 security rules over every synthesized stack; exit 1 on findings
                                              (--rules lists them with their Checkov/Trivy/Security Hub equivalents)
validate, synth and report take --as-of YYYY-MM-DD (default today) to assess as of a fixed date. With
compliance.enforce: true, validate and synth stop (exit 2) when the target maturity level is not met.
The profile defaults to $PROFILE, else config/org.yaml.`;

const VALUED = new Set(['as-of', 'out']);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, VALUED);
  const asOf = args.flags.get('as-of') as string | undefined;
  switch (args.verb) {
    case 'validate': {
      const path = profilePath(args.positionals[0]);
      const model = loadOrFail(path, asOf);
      process.stdout.write(`${relative(process.cwd(), model.file)}: valid (${model.accounts.length} accounts, ${model.regions.length} regions)\n`);
      return 0;
    }
    case 'synth': {
      const model = loadOrFail(profilePath(args.positionals[0]), asOf);
      const out = (args.flags.get('out') as string | undefined) ?? 'cdktf.out';
      const manifest = synthesize(model, out);
      process.stdout.write(`synthesized ${manifest.stacks.length} stacks into ${out}/stacks\n`);
      return 0;
    }
    case 'check': {
      if (args.flags.has('rules')) {
        process.stdout.write(rulesTable());
        return 0;
      }
      const out = args.positionals[0] ?? 'cdktf.out';
      const { stacks, findings } = checkOutput(out);
      for (const f of findings) process.stdout.write(formatFinding(f) + '\n');
      const summary = `${stacks.length} stacks, ${RULES.length} rules: ${findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'no findings'}\n`;
      (findings.length ? process.stderr : process.stdout).write(summary);
      return findings.length ? 1 : 0;
    }
    case 'report': {
      // The report is the evidence either way: it never enforces.
      const model = loadOrFail(profilePath(args.positionals[0]), asOf, { enforce: false });
      const out = (args.flags.get('out') as string | undefined) ?? 'evidence';
      const { files, assessment: a } = writeEvidence(model, out);
      const reached = a.achieved ? `ML${a.achieved}` : 'no maturity level';
      process.stdout.write(`${files.map((f) => relative(process.cwd(), f)).join(', ')}: Essential Eight ${a.edition} as of ${a.asOf}: ${reached} reached (target ML${a.targetMaturity}${a.achieved >= a.targetMaturity ? '' : ', not met'})\n`);
      return 0;
    }
    default:
      process.stderr.write(USAGE + '\n');
      return args.verb === undefined || args.verb === 'help' ? 0 : 1;
  }
}

void runCommand(() => main(process.argv.slice(2)));
