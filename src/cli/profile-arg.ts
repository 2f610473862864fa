// Which profile a command works on, and how profile problems reach the terminal.
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Assessment } from '../compliance/assess';
import { formatDiagnostic, hasErrors } from '../profile/diagnostics';
import type { LoadResult } from '../profile/load';
import type { ModelSource, OrgModel } from '../model';
import { PACKAGE_ROOT } from '../package-root';

export const DEFAULT_PROFILE = join(PACKAGE_ROOT, 'config', 'org.yaml');

/** Exit code for a profile that does not validate. */
export const EXIT_INVALID = 2;

export class InvalidProfile extends Error {
  constructor(readonly result: LoadResult) {
    super(`profile is invalid`);
  }
}

/** An explicit path, else $PROFILE, else the embedded default. */
export const profilePath = (explicit?: string) => explicit ?? process.env.PROFILE ?? DEFAULT_PROFILE;

/** A command line that cannot work as given: exit 2 with the message, like commander's usage errors. */
export class UsageError extends Error {}

/** At most this many problems are printed; a file with thousands is not a hand-written profile. */
export const MAX_PRINTED = 200;

/** The profile sets compliance.enforce and misses its target maturity level. */
export class ComplianceNotMet extends Error {
  constructor(readonly assessment: Assessment) {
    super(`Essential Eight ${assessment.edition} maturity level ${assessment.targetMaturity} is not met`);
  }
}

export interface LoadOptions {
  /** Apply compliance.enforce (default true); the report verb turns it off to show the evidence anyway. */
  readonly enforce?: boolean;
  /** Called with what the model was built from as soon as the profile is valid, before compliance is assessed
   * (synth hands it to its worker threads). */
  readonly loaded?: (source: ModelSource) => void;
}

/**
 * Prints warnings and errors to stderr; returns the model or throws InvalidProfile. With compliance.enforce,
 * also assesses the model and throws ComplianceNotMet, after printing each unmet requirement, when the target
 * maturity level is not reached. The compliance engine reads the model: profile -> loader -> model -> compliance.
 */
export function loadOrFail(path: string, asOf?: string, opts: LoadOptions = {}): OrgModel {
  // The loader (the YAML parser, the schema validator, the checks) is loaded when used: every verb imports this
  // file, and most verbs never read a profile.
  const { loadProfile } = require('../profile/load') as typeof import('../profile/load');
  const result: LoadResult = loadProfile(path, { asOf });
  for (const d of result.diagnostics.slice(0, MAX_PRINTED)) process.stderr.write(formatDiagnostic(d) + '\n');
  const more = result.diagnostics.length - MAX_PRINTED;
  if (more > 0) process.stderr.write(`… and ${more} more problem${more === 1 ? '' : 's'}\n`);
  if (!result.model || hasErrors(result.diagnostics)) throw new InvalidProfile(result);
  opts.loaded?.(result.source!);
  if (opts.enforce !== false) enforceCompliance(result.model);
  return result.model;
}

/** Throws ComplianceNotMet (after printing one positioned line per unmet requirement) when enforcement fails. */
export function enforceCompliance(model: OrgModel): void {
  // The compliance engine is loaded only for a profile that enforces.
  if (!model.compliance.enforce) return;
  const { enforcement } = require('../compliance/enforce') as typeof import('../compliance/enforce');
  const failed = enforcement(model);
  if (!failed) return;
  const { SourceFile } = require('../profile/source') as typeof import('../profile/source');
  const src = new SourceFile(model.file, readFileSync(model.file, 'utf8'));
  for (const u of failed.unmet) process.stderr.write(formatDiagnostic(src.diag(u.path, u.message)) + '\n');
  throw new ComplianceNotMet(failed.assessment);
}

/** Runs a command body, turning an invalid profile into exit code 2 and any other failure into 1, never a stack trace. */
export async function runCommand(body: () => Promise<number> | number): Promise<never> {
  try {
    process.exit(await body());
  } catch (e) {
    if (e instanceof InvalidProfile) {
      const n = e.result.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`${n} error${n === 1 ? '' : 's'} in the profile; nothing was written.\n`);
      process.exit(EXIT_INVALID);
    }
    if (e instanceof ComplianceNotMet) {
      const a = e.assessment;
      process.stderr.write(
        `${e.message} (reached: ${a.achieved ? `ML${a.achieved}` : 'none'}) and compliance.enforce is true, so synthesis stops; nothing was written. ` +
          `Fix the requirements above, record an exemption, or run \`npm run report\` for the evidence.\n`,
      );
      process.exit(EXIT_INVALID);
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(EXIT_INVALID);
    }
    process.stderr.write(`patchline: ${(e as Error)?.message ?? e}\n`);
    if (process.env.PATCHLINE_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exit(1);
  }
}
