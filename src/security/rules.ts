// Every security rule, as data: ID, description, the well-known equivalents, and a check over one
// stack's cdk.tf.json. `checkStack` runs them all.
import { StackView, type StackInput } from './stack';
import { credentialRules } from './rules/credentials';
import { encryptionRules } from './rules/encryption';
import { iamRules } from './rules/iam';
import { imageBuilderRules } from './rules/imagebuilder';
import { kmsRules } from './rules/kms';
import { outputRules } from './rules/output';
import { resourcePolicyRules } from './rules/resource-policies';
import { s3Rules } from './rules/s3';
import { sharingRules } from './rules/sharing';
import type { Finding, Rule } from './types';

export type { Equivalents, Finding, Rule } from './types';

export const RULES: readonly Rule[] = [
  ...sharingRules,
  ...imageBuilderRules,
  ...kmsRules,
  ...s3Rules,
  ...encryptionRules,
  ...resourcePolicyRules,
  ...iamRules,
  ...credentialRules,
  ...outputRules,
];

/** Runs every rule (or the given ones) over one stack. */
export function checkStack(input: StackInput, rules: readonly Rule[] = RULES): Finding[] {
  const stack = new StackView(input);
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const p of rule.check(stack))
      out.push({ rule: rule.id, stack: stack.name, address: p.address, message: p.message });
  }
  return out;
}

/** The equivalents of a rule in one line, e.g. "Checkov CKV_AWS_7; Trivy AVD-AWS-0065; Security Hub KMS.4". */
export function equivalentsText(rule: Rule): string {
  const e = rule.equivalents;
  const parts = [
    e.checkov?.length ? `Checkov ${e.checkov.join(', ')}` : '',
    e.trivy?.length ? `Trivy ${e.trivy.join(', ')}` : '',
    e.securityHub?.length ? `Security Hub ${e.securityHub.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'none';
}

/** Every rule as a Markdown table (`patchline check --rules`), for reviewers and the README. */
export function rulesTable(rules: readonly Rule[] = RULES): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  return (
    [
      '| rule | checks | equivalent |',
      '|---|---|---|',
      ...rules.map((r) => `| ${r.id} | ${cell(r.description)} | ${cell(equivalentsText(r))} |`),
    ].join('\n') + '\n'
  );
}
