// Which profile a command works on, and how profile problems reach the terminal.
import { join } from 'path';
import { formatDiagnostic, hasErrors } from '../profile/diagnostics';
import { loadProfile, type LoadResult } from '../profile/load';
import type { OrgModel } from '../profile/model';

export const DEFAULT_PROFILE = join(__dirname, '..', '..', 'config', 'org.yaml');

/** Exit code for a profile that does not validate. */
export const EXIT_INVALID = 2;

export class InvalidProfile extends Error {
  constructor(readonly result: LoadResult) {
    super(`profile is invalid`);
  }
}

/** An explicit path, else $PROFILE, else the embedded default. */
export const profilePath = (explicit?: string) => explicit ?? process.env.PROFILE ?? DEFAULT_PROFILE;

/** At most this many problems are printed; a file with thousands is not a hand-written profile. */
export const MAX_PRINTED = 200;

/** Prints warnings and errors to stderr; returns the model or throws InvalidProfile. */
export function loadOrFail(path: string, asOf?: string): OrgModel {
  const result = loadProfile(path, { asOf });
  for (const d of result.diagnostics.slice(0, MAX_PRINTED)) process.stderr.write(formatDiagnostic(d) + '\n');
  const more = result.diagnostics.length - MAX_PRINTED;
  if (more > 0) process.stderr.write(`… and ${more} more problem${more === 1 ? '' : 's'}\n`);
  if (!result.model || hasErrors(result.diagnostics)) throw new InvalidProfile(result);
  return result.model;
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
    process.stderr.write(`patchline: ${(e as Error)?.message ?? e}\n`);
    if (process.env.PATCHLINE_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exit(1);
  }
}
