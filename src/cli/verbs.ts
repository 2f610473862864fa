// The verbs the CLI knows, with their usage; main.ts must handle each (its dispatch table is typed by this).
export const VERBS = {
  validate: ['validate [profile] [--as-of YYYY-MM-DD]', 'check a profile; exit 2 with every problem when invalid'],
  synth: ['synth [profile] [--out cdktf.out]', 'synthesize every stack (atomically) into cdktf.out, with stacks.json'],
  report: ['report [profile] [--out evidence]', 'write the Essential Eight evidence report and timeline'],
  affected: ['affected <base-out> <head-out> [--json [--max-jobs N]]',
    'stacks added/changed/removed between two synthesized outputs, in dependency order; --json: a GitHub Actions matrix'],
  plan: ['plan [--out cdktf.out] [--affected base-out] [--stack a,b] [--shard i/n] [--parallelism 2] [--json-dir DIR] [--refresh=false]',
    'terraform init + plan the stacks (removed ones: a destroy plan from base-out); exit 1 when any plan fails'],
  apply: ['apply [--out cdktf.out] [--affected base-out] [--stack a,b] [--parallelism 2]',
    'terraform apply in dependency order, removed stacks destroyed last; a failure skips what depends on it'],
  check: ['check [cdktf.out] [--rules]',
    'security rules over every synthesized stack; exit 1 on findings (--rules: the rules and their Checkov/Trivy/Security Hub equivalents)'],
  'plan-report': ['plan-report <json-dir>...', 'Markdown summary of `plan --json-dir` results, for a pull request comment'],
  evidence: ['evidence observed [profile] --from s3://bucket/prefix|DIR [--out evidence] [--days 90] [--as-of YYYY-MM-DD]',
    'observed report from the collected evidence: exit 0 written, 1 breaches, 2 unusable input'],
} as const;

export type Verb = keyof typeof VERBS;

export const USAGE = `usage: patchline <verb> [arguments]
${Object.values(VERBS).map(([syntax, what]) => `  ${syntax}\n      ${what}`).join('\n')}
validate, synth and report take --as-of YYYY-MM-DD (default today) to assess as of a fixed date. With
compliance.enforce: true, validate and synth stop (exit 2) when the target maturity level is not met.
The profile defaults to $PROFILE, else config/org.yaml.`;
