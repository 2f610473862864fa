// Example profiles, and temporary copies of them to break in tests.
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { loadProfile } from '../../src/profile/load';
import type { OrgModel } from '../../src/model';

export const ROOT = join(__dirname, '..', '..');
export const DEFAULT_PROFILE = join(ROOT, 'config', 'org.yaml');
/** The Acme contract exactly as the platform team wrote it (../shared, read-only). Read only by the tests whose point
 * is the contract itself (through acmeCorrected() or this path); the others use ACME, its copy in the repository. */
export const ACME_CONTRACT = join(ROOT, '..', 'shared', 'profiles', 'acme.yaml');
/**
 * Acme's shape, in the repository: the contract with the corrections below, byte for byte (same name, same line
 * numbers, its components beside it). test/acme-contract.test.ts keeps it equal to acmeCorrected(); rewrite it with
 * `node --import tsx test/support/write-acme-fixture.ts` when the contract changes.
 */
export const ACME = join(ROOT, 'test', 'fixtures', 'profiles', 'acme', 'acme.yaml');
/** Fixed assessment date so results never depend on the day the tests run. */
export const AS_OF = '2026-11-24';

/** Every example profile: the embedded default and Acme (its in-repository copy). */
export function exampleProfiles(): string[] {
  return [DEFAULT_PROFILE, ACME];
}

export function loadModel(file: string, asOf = AS_OF): OrgModel {
  const r = loadProfile(file, { asOf });
  if (!r.model)
    throw new Error(
      `${file} does not validate:\n${r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path} ${d.message}`).join('\n')}`,
    );
  return r.model;
}

/** A temp copy of a profile (and its components/), its text changed by `edit`. Returns the new path. */
export function editedCopy(src: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-profile-'));
  const comps = join(dirname(src), 'components');
  if (existsSync(comps)) cpSync(comps, join(dir, 'components'), { recursive: true });
  const out = join(dir, 'profile.yaml');
  const text = readFileSync(src, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error('edit changed nothing: the test would prove nothing');
  writeFileSync(out, edited);
  return out;
}

/** Replaces exactly one occurrence, failing loudly when the anchor text is not there once. */
export function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const matches =
    typeof from === 'string'
      ? text.split(from).length - 1
      : (text.match(new RegExp(from.source, from.flags.includes('g') ? from.flags : from.flags + 'g')) ?? []).length;
  if (matches !== 1) throw new Error(`expected one match of ${from}, found ${matches}`);
  return text.replace(from, to);
}

/**
 * The Acme contract with the two corrections issue 13's honest computation asks for, until the contract itself is
 * updated: the expedite lane moves to 22:00 (at 01:00-03:00 it overlaps canary on Wednesdays and production on
 * Saturdays, a validation error), and the Ubuntu expedite rule selects every priority (Patch Manager has no
 * severity filter on Ubuntu, so Required/Important left critical fixes in other packages 172 h away).
 * The copy keeps the file name and every line number; once the contract carries the corrections it is used as is.
 * test/window-timing.test.ts asserts what the contract as written gets instead.
 */
export const ACME_CORRECTIONS: readonly (readonly [string, string])[] = [
  ['    schedule: cron(0 1 * * ? *)\n', '    schedule: cron(0 22 * * ? *)\n'],
  ['        - priority: [Required, Important]\n', '        - priority: [Required, Important, Standard, Optional]\n'],
];

export function contractNeedsCorrection(): boolean {
  const text = readFileSync(ACME_CONTRACT, 'utf8');
  return ACME_CORRECTIONS.some(([from]) => text.includes(from));
}

let corrected: string | undefined;

/** The contract, corrected where it fails honest validation (see above): a temp copy, made on first use. */
export function acmeCorrected(): string {
  return (corrected ??= correctedAcme());
}

function correctedAcme(): string {
  if (!existsSync(ACME_CONTRACT))
    throw new Error(`${ACME_CONTRACT} is missing: the contract tests need ../shared beside the repo, as CI has it`);
  if (!contractNeedsCorrection()) return ACME_CONTRACT;
  const dir = mkdtempSync(join(tmpdir(), 'patchline-acme-'));
  cpSync(join(dirname(ACME_CONTRACT), 'components'), join(dir, 'components'), { recursive: true });
  let text = readFileSync(ACME_CONTRACT, 'utf8');
  for (const [from, to] of ACME_CORRECTIONS) text = replaceOnce(text, from, to);
  writeFileSync(join(dir, 'acme.yaml'), text);
  return join(dir, 'acme.yaml');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the patchline CLI as a user would. */
export function cli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli.ts'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
