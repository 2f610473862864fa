// Runs every security rule over every stack of a synthesized output directory (cdktf.out).
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { StackManifest } from '../synth';
import { MANIFEST_FILE } from '../synth';
import { checkStack, RULES } from './rules';
import { secretIn } from './rules/credentials';
import type { OrgFacts } from './stack';
import type { Finding, Rule } from './types';

export interface CheckResult {
  /** Stack names checked, in manifest order. */
  readonly stacks: readonly string[];
  readonly findings: readonly Finding[];
}

/** Reads stacks.json when present (stack accounts, organization); otherwise every stacks/<name>/cdk.tf.json. */
function stackList(outDir: string): {
  names: string[];
  accountOf: Map<string, string>;
  ambient: Set<string>;
  org?: OrgFacts;
} {
  const manifestPath = join(outDir, MANIFEST_FILE);
  const dirs = existsSync(join(outDir, 'stacks'))
    ? readdirSync(join(outDir, 'stacks'))
        .filter((n) => statSync(join(outDir, 'stacks', n)).isDirectory())
        .sort()
    : [];
  if (!existsSync(manifestPath)) return { names: dirs, accountOf: new Map(), ambient: new Set() };
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as StackManifest;
  const names = m.stacks.map((s) => s.name);
  // Directories the manifest does not list are checked too: nothing in the output escapes the rules.
  for (const d of dirs) if (!names.includes(d)) names.push(d);
  const org = m.organization
    ? {
        id: m.organization.id,
        managementAccountId: m.organization.managementAccountId,
        accountIds: new Set(m.organization.accountIds),
        ouIds: new Set(m.organization.ouIds),
      }
    : undefined;
  const ambient = new Set(m.stacks.filter((s) => s.credentials === 'ambient').map((s) => s.name));
  return { names, accountOf: new Map(m.stacks.map((s) => [s.name, s.accountId])), ambient, org };
}

/** Checks every stack under `outDir`; throws when the directory holds no synthesized output. */
export function checkOutput(outDir: string, rules: readonly Rule[] = RULES): CheckResult {
  if (!existsSync(join(outDir, 'stacks')) && !existsSync(join(outDir, MANIFEST_FILE))) {
    throw new Error(`${outDir} holds no synthesized stacks (run synth first)`);
  }
  const { names, accountOf, ambient, org } = stackList(outDir);
  const findings: Finding[] = [];
  for (const name of names) {
    const file = join(outDir, 'stacks', name, 'cdk.tf.json');
    if (!existsSync(file)) {
      findings.push({ rule: 'PL-OUT-1', stack: name, address: '(file)', message: `${file} is missing` });
      continue;
    }
    const text = readFileSync(file, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      findings.push({
        rule: 'PL-OUT-1',
        stack: name,
        address: '(file)',
        message: `not valid JSON: ${(e as Error).message}`,
      });
      continue;
    }
    for (const f of checkStack(
      { name, json, text, accountId: accountOf.get(name), ambient: ambient.has(name), org },
      rules,
    ))
      findings.push(f);
  }
  // Credentials may hide in any file of the output (manifests, assets), not only in the stacks.
  if (rules.some((r) => r.id === 'PL-CRED-1')) {
    for (const file of filesBelow(outDir)) {
      if (/^stacks\/[^/]+\/cdk\.tf\.json$/.test(file)) continue;
      const what = secretIn(readFileSync(join(outDir, file), 'utf8'));
      if (what) findings.push({ rule: 'PL-CRED-1', stack: '(output)', address: file, message: `contains ${what}` });
    }
  }
  return { stacks: names, findings };
}

/** Paths (relative, with /) of every file below dir, sorted. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((n) => {
      const rel = prefix ? `${prefix}/${n}` : n;
      return statSync(join(dir, rel)).isDirectory() ? filesBelow(dir, rel) : [rel];
    });
}

/** One line per finding: stack  address  rule  message. */
export const formatFinding = (f: Finding) => `${f.stack}  ${f.address}  ${f.rule}  ${f.message}`;
