// The verbs the CLI knows, with their usage lines; main.ts must handle each (its dispatch table is typed by this).
export const VERBS = {
  validate: 'validate [profile] [--as-of YYYY-MM-DD]          check a profile; exit 2 with every problem when invalid',
  synth: 'synth [profile] [--out cdktf.out]                synthesize every stack (atomically) into cdktf.out',
  affected: 'affected <base-out> <head-out> [--json [--max-jobs N]]\n' +
    '                                                   stacks added/changed/removed between two synthesized outputs,\n' +
    '                                                   in dependency order; --json prints a GitHub Actions matrix',
  plan: 'plan [--out cdktf.out] [--affected base-out] [--stack a,b] [--shard i/n]\n' +
    '     [--parallelism 2] [--json-dir DIR] [--refresh=false]\n' +
    '                                                   terraform init + plan the stacks; exit 1 when any plan fails',
  report: 'report <json-dir>...                             Markdown summary of `plan --json-dir` results (PR comment)',
} as const;

export type Verb = keyof typeof VERBS;

export const USAGE = `usage: patchline <verb> [arguments]\n${Object.values(VERBS).map((v) => `  ${v}`).join('\n')}
The profile defaults to $PROFILE, else config/org.yaml.`;
