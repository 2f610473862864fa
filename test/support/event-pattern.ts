// A local EventBridge event-pattern matcher, for checking the rules Patchline writes against AWS's sample
// events offline (TestEventPattern needs the network; npm has no maintained standalone matcher).
// Semantics from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and
// eb-create-pattern-operators.html: every pattern field must match (AND); a leaf is a list of alternatives
// (OR); arrays in the event are flattened, so a leaf matches when any value at that path matches; operators
// work on leaf values (exists: true only on leaves); `$or` lists alternative sub-patterns at its level.
// Unsupported operators throw, so a pattern using one cannot pass silently.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value at `path` in the event, arrays flattened at each level. */
function valuesAt(event: unknown, path: readonly string[]): unknown[] {
  const flat = (xs: unknown[]): unknown[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
  let current: unknown[] = [event];
  for (const key of path)
    current = flat(current)
      .filter((x) => isObject(x) && key in x)
      .map((x) => (x as Record<string, unknown>)[key]);
  return flat(current);
}

const isLeaf = (v: unknown) => !isObject(v);

function numericMatch(spec: unknown[], n: number): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i] as string;
    const x = spec[i + 1] as number;
    const ok =
      op === '<'
        ? n < x
        : op === '<='
          ? n <= x
          : op === '>'
            ? n > x
            : op === '>='
              ? n >= x
              : op === '='
                ? n === x
                : undefined;
    if (ok === undefined) throw new Error(`unsupported numeric operator ${op}`);
    if (!ok) return false;
  }
  return true;
}

function stringTest(arg: unknown, s: string, how: 'prefix' | 'suffix' | 'equals'): boolean {
  const ignoreCase = isObject(arg) && 'equals-ignore-case' in arg;
  const want = String(ignoreCase ? (arg as Record<string, unknown>)['equals-ignore-case'] : arg);
  const [a, b] = ignoreCase ? [s.toLowerCase(), want.toLowerCase()] : [s, want];
  return how === 'prefix' ? a.startsWith(b) : how === 'suffix' ? a.endsWith(b) : a === b;
}

/** One alternative of a leaf against the values found at its path. */
function ruleMatches(rule: Json, values: unknown[]): boolean {
  const leaves = values.filter(isLeaf);
  if (!isObject(rule)) return leaves.some((v) => v === rule);
  const [op, arg] = Object.entries(rule)[0];
  switch (op) {
    case 'exists':
      return arg ? leaves.length > 0 : values.length === 0;
    case 'prefix':
    case 'suffix':
      return leaves.some((v) => typeof v === 'string' && stringTest(arg, v, op));
    case 'equals-ignore-case':
      return leaves.some((v) => typeof v === 'string' && stringTest(rule, v, 'equals'));
    case 'numeric':
      return leaves.some((v) => typeof v === 'number' && numericMatch(arg as unknown[], v));
    case 'anything-but': {
      if (isObject(arg)) {
        const [inner] = Object.keys(arg);
        if (inner !== 'prefix' && inner !== 'suffix') throw new Error(`unsupported anything-but operator ${inner}`);
        return leaves.some((v) => typeof v === 'string' && !stringTest(arg[inner], v, inner));
      }
      const excluded = Array.isArray(arg) ? arg : [arg];
      return leaves.some((v) => !excluded.includes(v as Json));
    }
    default:
      throw new Error(`unsupported pattern operator ${op}`);
  }
}

function matchAt(pattern: Record<string, Json>, event: unknown, prefix: readonly string[]): boolean {
  return Object.entries(pattern).every(([key, p]) => {
    if (key === '$or') return (p as Record<string, Json>[]).some((alt) => matchAt(alt, event, prefix));
    const path = [...prefix, key];
    if (Array.isArray(p)) return p.some((rule) => ruleMatches(rule, valuesAt(event, path)));
    if (isObject(p)) return matchAt(p as Record<string, Json>, event, path);
    throw new Error(`pattern field ${path.join('.')} must be a list or an object`);
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. */
export function matchesEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  return matchAt(pattern as Record<string, Json>, event, []);
}
