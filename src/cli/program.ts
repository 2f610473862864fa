// The patchline command line: one commander program, one small handler per verb. Handlers load their
// modules lazily (`await import`), so `validate`, `--help` and usage errors never load cdktf.
//
// Adding a verb: write `registerX(program: Command)` in its own file (declare arguments and options, and an
// action that ends with `setExitCode(await handler(...))`), then call it in buildProgram below.
import { Command, Option, type CommanderError } from 'commander';
import { calendarDate, nameList, positiveInt, shard } from './options';

/** Exit code for usage errors (unknown verb or flag, missing or extra arguments, bad values) and invalid profiles. */
export const EXIT_USAGE = 2;

let exitCode = 0;
/** Handlers report their exit code here; main exits with it once parsing and the action are done. */
export const setExitCode = (code: number) => void (exitCode = code);
export const lastExitCode = () => exitCode;

const asOf = () => new Option('--as-of <YYYY-MM-DD>', 'assess as of this date (default today)').argParser(calendarDate);
const PROFILE_ARG = ['[profile]', 'org profile (default $PROFILE, else config/org.yaml)'] as const;

/** Exits 0 for help, EXIT_USAGE for every usage error (commander has already printed the message). */
function exitOnUsage(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
}

export function buildProgram(): Command {
  const program = new Command('patchline')
    .description('Org profile -> Terraform stacks for golden AMIs, patching and vulnerability scanning.')
    .usage('<verb> [arguments] (patchline <verb> --help for each)')
    // Settings set before .command() are inherited by every verb.
    .exitOverride(exitOnUsage)
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false)
    .helpCommand(true);
  program.addHelpText(
    'after',
    '\nThe profile defaults to $PROFILE, else config/org.yaml. Exit codes: 0 ok, 1 failed (plans, applies, findings), 2 usage error or invalid profile.',
  );

  program
    .command('validate')
    .description(
      'check a profile; exit 2 with every problem when invalid (and when compliance.enforce misses the target)',
    )
    .argument(...PROFILE_ARG)
    .addOption(asOf())
    .action(async (profile: string | undefined, o: { asOf?: string }) =>
      setExitCode((await import('./handlers')).validate(profile, o)),
    );

  program
    .command('synth')
    .description('synthesize every stack (atomically) into the output folder, with stacks.json')
    .argument(...PROFILE_ARG)
    .addOption(asOf())
    .option('--out <dir>', 'output folder (parents are created)', 'cdktf.out')
    .option(
      '--no-enforce',
      'do not stop when compliance.enforce misses the target (for synthesizing a base to compare with)',
    )
    .option(
      '--full',
      'rebuild every stack (by default stacks whose inputs are unchanged since the previous output are kept)',
    )
    .action(async (profile: string | undefined, o: { asOf?: string; out: string; enforce: boolean; full?: boolean }) =>
      setExitCode(await (await import('./handlers')).synth(profile, o)),
    );

  program
    .command('report')
    .description('write the Essential Eight evidence report and timeline (never enforces)')
    .argument(...PROFILE_ARG)
    .addOption(asOf())
    .option('--out <dir>', 'output folder (parents are created)', 'evidence')
    .action(async (profile: string | undefined, o: { asOf?: string; out: string }) =>
      setExitCode(await (await import('./handlers')).report(profile, o)),
    );

  program
    .command('affected')
    .description('stacks added/changed/removed between two synthesized outputs, in dependency order')
    .argument('<base-out>', 'synthesized output of the base')
    .argument('<head-out>', 'synthesized output of the change')
    .option('--json', 'print a GitHub Actions matrix instead')
    .addOption(
      new Option('--max-jobs <n>', 'with --json: shard the matrix above this many stacks').argParser(positiveInt),
    )
    .action(async (base: string, head: string, o: { json?: boolean; maxJobs?: number }) =>
      setExitCode(await (await import('./handlers')).affected(base, head, o)),
    );

  const selection = (cmd: Command) =>
    cmd
      .option('--out <dir>', 'synthesized output', 'cdktf.out')
      .option('--affected <base-out>', 'only stacks that differ from this base output; removed ones are destroyed')
      .addOption(new Option('--stack <names>', 'only these stacks (comma-separated)').argParser(nameList))
      .addOption(new Option('--parallelism <n>', 'stacks at once').argParser(positiveInt).default(2));

  selection(program.command('plan').description('terraform init + plan the stacks; exit 1 when any plan fails'))
    .addOption(new Option('--shard <i/n>', 'only this shard of the selection').argParser(shard))
    .option('--json-dir <dir>', 'write <stack>.plan.json and <stack>.result.json here (created)')
    .addOption(
      new Option(
        '--role <role>',
        'role the providers assume: the deployment role, or the read-only plan role (terraform.planPrincipal)',
      )
        .choices(['deploy', 'plan'])
        .default('deploy'),
    )
    .option('--no-refresh', 'do not refresh state against the real infrastructure')
    .action(async (o) => setExitCode(await (await import('./handlers')).plan(o)));

  selection(
    program
      .command('apply')
      .description(
        'terraform apply in dependency order, removed stacks destroyed last; a failure skips what depends on it',
      ),
  ).action(async (o) => setExitCode(await (await import('./handlers')).apply(o)));

  program
    .command('check')
    .description('security rules over every synthesized stack; exit 1 on findings')
    .argument('[out]', 'synthesized output', 'cdktf.out')
    .option('--rules', 'list the rules and their Checkov/Trivy/Security Hub equivalents instead')
    .action(async (out: string, o: { rules?: boolean }) =>
      setExitCode(await (await import('./handlers')).check(out, o)),
    );

  program
    .command('plan-report')
    .description('Markdown summary of `plan --json-dir` results, for a pull request comment')
    .argument('<json-dir...>', 'folders written by plan --json-dir')
    .action(async (dirs: string[]) => setExitCode(await (await import('./handlers')).planReport(dirs)));

  program
    .command('evidence')
    .description('observed evidence (see `patchline evidence observed --help`)')
    .command('observed')
    .description('observed report from the collected evidence: exit 0 written, 1 breaches, 2 unusable input')
    .argument(...PROFILE_ARG)
    .addOption(asOf())
    .requiredOption('--from <source>', 's3://bucket/prefix, or a local copy of the same layout')
    .option('--out <dir>', 'output folder (parents are created)', 'evidence')
    .addOption(new Option('--days <n>', 'days of history the period covers').argParser(positiveInt).default(90))
    .action(async (profile: string | undefined, o: { asOf?: string; from: string; out: string; days: number }) =>
      setExitCode(await (await import('./handlers')).evidenceObserved(profile, o)),
    );

  return program;
}
