// What each verb does, once commander has parsed and checked its arguments. Heavy modules (cdktf through
// ../synth, the terraform driver) are imported inside the handlers that need them.
import { relative } from 'path';
import { loadOrFail, profilePath } from './profile-arg';

const rel = (p: string) => relative(process.cwd(), p);

export function validate(profile: string | undefined, o: { asOf?: string }): number {
  const model = loadOrFail(profilePath(profile), o.asOf);
  process.stdout.write(
    `${rel(model.file)}: valid (${model.accounts.length} accounts, ${model.regions.length} regions)\n`,
  );
  return 0;
}

export async function synth(
  profile: string | undefined,
  o: { asOf?: string; out: string; enforce: boolean; full?: boolean },
): Promise<number> {
  // PATCHLINE_ENFORCE=false does the same as --no-enforce where a flag cannot be added (older checkouts ignore it).
  const enforce = o.enforce && process.env.PATCHLINE_ENFORCE !== 'false';
  const path = profilePath(profile);
  // Workers for a large profile start now and load cdktf while this thread reads the profile (worker-pool.ts).
  const { prestartWorkers } = await import('../synth/worker-pool');
  const { registeredStacksModule } = await import('../synth/stacks-module');
  const pool = prestartWorkers({ profile: path, asOf: o.asOf, stacksModule: registeredStacksModule() }, o);
  let model;
  try {
    // The workers build their models from this thread's source while it checks compliance and loads cdktf.
    model = loadOrFail(path, o.asOf, { enforce, loaded: (source) => pool?.provide(source) });
  } catch (e) {
    pool?.close();
    throw e;
  }
  const { synthesize, lastSynthStats } = await import('../synth');
  // The previous output is deleted after the command returns (src/synth/cleanup.ts); PATCHLINE_CLEANUP=wait
  // deletes it first, for a caller that lists the output's parent folder right after.
  const manifest = synthesize(model, o.out, {
    full: o.full,
    pool,
    cleanup: process.env.PATCHLINE_CLEANUP === 'wait' ? 'wait' : 'background',
  });
  const kept = lastSynthStats.reused ? ` (${lastSynthStats.reused} unchanged, kept)` : '';
  process.stdout.write(`synthesized ${manifest.stacks.length} stacks into ${o.out}/stacks${kept}\n`);
  return 0;
}

export async function report(profile: string | undefined, o: { asOf?: string; out: string }): Promise<number> {
  // The report is the evidence either way: it never enforces.
  const model = loadOrFail(profilePath(profile), o.asOf, { enforce: false });
  const { writeEvidence } = await import('../compliance/report');
  const { files, assessment: a } = writeEvidence(model, o.out);
  const reached = a.achieved ? `ML${a.achieved}` : 'no maturity level';
  process.stdout.write(
    `${files.map(rel).join(', ')}: Essential Eight ${a.edition} as of ${a.asOf}: ${reached} reached (target ML${a.targetMaturity}${a.achieved >= a.targetMaturity ? '' : ', not met'})\n`,
  );
  return 0;
}

export async function affected(base: string, head: string, o: { json?: boolean; maxJobs?: number }): Promise<number> {
  const { affectedCommand } = await import('./affected');
  return affectedCommand({ base, head, json: !!o.json, maxJobs: o.maxJobs }, process.stdout);
}

interface SelectionFlags {
  readonly out: string;
  readonly affected?: string;
  readonly stack?: string[];
  readonly parallelism: number;
}

export async function plan(
  o: SelectionFlags & {
    shard?: { index: number; count: number };
    jsonDir?: string;
    role: 'deploy' | 'plan';
    refresh: boolean;
  },
): Promise<number> {
  const { planCommand, selectTargets, withRole } = await import('./plan');
  const targets = withRole(
    selectTargets({ out: o.out, affected: o.affected, stacks: o.stack, shard: o.shard }),
    o.role,
    [o.out, ...(o.affected ? [o.affected] : [])],
  );
  if (targets.length) await (await import('../terraform/preflight')).preflight(process.env);
  const { code } = await planCommand({
    targets,
    parallelism: o.parallelism,
    jsonDir: o.jsonDir,
    refresh: o.refresh,
    out: process.stdout,
  });
  return code;
}

export async function apply(o: SelectionFlags): Promise<number> {
  const { selectTargets } = await import('./plan');
  const targets = selectTargets({ out: o.out, affected: o.affected, stacks: o.stack });
  if (targets.length) await (await import('../terraform/preflight')).preflight(process.env);
  const { code } = await (
    await import('./apply')
  ).applyCommand({ targets, parallelism: o.parallelism, out: process.stdout });
  return code;
}

export async function check(out: string, o: { rules?: boolean }): Promise<number> {
  const { RULES, rulesTable } = await import('../security/rules');
  if (o.rules) {
    process.stdout.write(rulesTable());
    return 0;
  }
  const { checkOutput, formatFinding } = await import('../security/check');
  const { stacks, findings } = checkOutput(out);
  for (const f of findings) process.stdout.write(formatFinding(f) + '\n');
  const summary = `${stacks.length} stacks, ${RULES.length} rules: ${findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'no findings'}\n`;
  (findings.length ? process.stderr : process.stdout).write(summary);
  return findings.length ? 1 : 0;
}

export async function planReport(dirs: string[]): Promise<number> {
  const { markdownReport, readResults } = await import('./plan-report');
  process.stdout.write(markdownReport(readResults(dirs)));
  return 0;
}

export async function evidenceObserved(
  profile: string | undefined,
  o: { asOf?: string; from: string; out: string; days: number },
): Promise<number> {
  const model = loadOrFail(profilePath(profile), o.asOf, { enforce: false });
  const { evidenceObserved: observed } = await import('./evidence');
  return (
    await observed({ model, from: o.from, out: o.out, days: o.days, stdout: process.stdout, stderr: process.stderr })
  ).code;
}
