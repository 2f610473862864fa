// Minimal argument parsing: positionals and --flag / --flag=value / --flag value.
export interface Args {
  readonly verb?: string;
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

export function parseArgs(argv: readonly string[], valued: ReadonlySet<string>): Args {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (valued.has(a.slice(2)) && i + 1 < argv.length) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  return { verb: positionals[0], positionals: positionals.slice(1), flags };
}
