// Property-based tests: random mutations of valid profiles into invalid ones get positioned errors, never a crash
// or a hang. Random valid profiles synthesizing into valid, unique, deterministic, secure stacks, and the CLI on
// hostile profiles: e2e/properties.test.ts (a cloud backend's synthesis runs `terraform version`).
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'fs';
import { stringify } from 'yaml';
import schema from '../schemas/profile.schema.json';
import { formatPath, type Diagnostic, type PathSegment } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { BOMBS, profileArb, runs, SEED, writeProfile, type GeneratedProfile } from './support/arbitrary-profile';
import { AS_OF } from './support/profiles';

// ---- helpers over plain profile objects ---------------------------------------------------------------

type Json = any;

function get(obj: Json, path: readonly PathSegment[]): Json {
  return path.reduce((o, k) => o?.[k], obj);
}
function set(obj: Json, path: readonly PathSegment[], value: Json): void {
  get(obj, path.slice(0, -1))[path[path.length - 1]] = value;
}
function del(obj: Json, path: readonly PathSegment[]): void {
  const parent = get(obj, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
  else delete parent[path[path.length - 1]];
}

/** Every path to a scalar. */
function leaves(v: Json, path: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [path];
}

/** Every present key the schema requires at its place, found by walking data and schema together. */
function requiredPaths(data: Json, s: Json, path: PathSegment[] = []): PathSegment[][] {
  if (s?.$ref) s = (schema as Json).definitions[s.$ref.split('/').pop()];
  if (!s) return [];
  if (Array.isArray(data)) return s.items ? data.flatMap((x, i) => requiredPaths(x, s.items, [...path, i])) : [];
  if (!data || typeof data !== 'object') return [];
  const out: PathSegment[][] = (s.required ?? []).filter((k: string) => k in data).map((k: string) => [...path, k]);
  for (const [k, x] of Object.entries(data)) {
    const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    out.push(...requiredPaths(x, sub, [...path, k]));
  }
  return out;
}

/** Places that name another part of the profile (an account, an OU, a pipeline). */
function references(p: Json): PathSegment[][] {
  const out: PathSegment[][] = [['organization', 'managementAccount']];
  for (const [a, acct] of Object.entries<Json>(p.organization.accounts))
    if (acct.ou) out.push(['organization', 'accounts', a, 'ou']);
  for (const [o, ou] of Object.entries<Json>(p.organization.organizationalUnits ?? {}))
    if (ou.parent) out.push(['organization', 'organizationalUnits', o, 'parent']);
  if (p.inspector) out.push(['inspector', 'delegatedAdmin']);
  if (p.imageFactory) {
    out.push(['imageFactory', 'account']);
    for (const [n, pl] of Object.entries<Json>(p.imageFactory.pipelines)) {
      const d = pl.distribution;
      for (const list of ['accounts', 'organizationalUnits'])
        (d.shareWith?.[list] ?? []).forEach((_: unknown, i: number) =>
          out.push(['imageFactory', 'pipelines', n, 'distribution', 'shareWith', list, i]),
        );
      (d.copyTo ?? []).forEach((_: unknown, i: number) =>
        out.push(['imageFactory', 'pipelines', n, 'distribution', 'copyTo', i]),
      );
    }
  }
  if (p.patching)
    for (const list of ['accounts', 'organizationalUnits'])
      (p.patching.targets[list] ?? []).forEach((_: unknown, i: number) => out.push(['patching', 'targets', list, i]));
  (p.exemptions ?? []).forEach((e: Json, i: number) =>
    out.push(['exemptions', i, 'scope', e.scope.account ? 'account' : 'pipeline']),
  );
  return out;
}

/** Loads and times a profile; the loader must never throw. */
function load(file: string): { errors: Diagnostic[]; ms: number; valid: boolean } {
  const t = Date.now();
  const r = loadProfile(file, { asOf: AS_OF });
  return { errors: r.diagnostics.filter((d) => d.severity === 'error'), ms: Date.now() - t, valid: !!r.model };
}

/** Every error names the file and a real line and column of it. */
function expectPositioned(file: string, errors: readonly Diagnostic[]): void {
  const lines = readFileSync(file, 'latin1').split('\n').length;
  for (const d of errors) {
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.path.length).toBeGreaterThan(0);
    expect(d.message.length).toBeLessThan(600);
  }
}

/** In-process loads must finish well within this, whatever the input. */
const LOAD_BUDGET_MS = 5_000;

// ---- invalid profiles ------------------------------------------------------------------------------------

type Mutation = { kind: string; pick: number; size: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(
    'wrong-type',
    'delete-required',
    'dangling-reference',
    'huge-string',
    'deep-nesting',
    'alias-bomb',
    'non-utf8',
  ),
  pick: fc.nat(),
  size: fc.nat({ max: 2 }),
});

/** Applies a mutation to a valid profile; returns the file and what the loader must say about it. */
function mutate(
  g: GeneratedProfile,
  m: Mutation,
): { file: string; expect: (errors: Diagnostic[], text: string) => void } {
  const p = structuredClone(g.profile);
  const at = <T>(xs: T[]) => xs[m.pick % xs.length];
  switch (m.kind) {
    case 'wrong-type': {
      const path = at(leaves(p));
      const v = get(p, path);
      set(p, path, typeof v === 'string' ? 42 : 'forty-two');
      return {
        file: writeProfile(p),
        expect: (errors) => expect(errors.map((d) => d.path)).toContain(formatPath(path)),
      };
    }
    case 'delete-required': {
      const path = at(requiredPaths(p, schema));
      del(p, path);
      return {
        file: writeProfile(p),
        expect: (errors) =>
          expect(errors.filter((d) => d.message === 'is required but missing').map((d) => d.path)).toContain(
            formatPath(path),
          ),
      };
    }
    case 'dangling-reference': {
      const path = at(references(p));
      set(p, path, 'zz-not-defined');
      return {
        file: writeProfile(p),
        expect: (errors) =>
          expect(
            errors
              .filter((d) => /unknown|not (an account )?(of|in) the organization/.test(d.message))
              .map((d) => d.path),
          ).toContain(formatPath(path)),
      };
    }
    case 'huge-string': {
      // Up to 3 MB in one value: below the size limit, so it is parsed, validated and reported briefly.
      const path = at(leaves(p));
      set(p, path, 'x'.repeat([10_000, 1_000_000, 3_000_000][m.size]));
      return { file: writeProfile(p), expect: () => undefined };
    }
    case 'deep-nesting': {
      const path = at(leaves(p));
      set(p, path, 'NEST-HERE');
      const depth = [100, 1_000, 10_000][m.size];
      const text = stringify(p).replace('NEST-HERE', '['.repeat(depth) + ']'.repeat(depth));
      const line = text.slice(0, text.indexOf('[['.repeat(2))).split('\n').length;
      return {
        file: writeProfile(p, text),
        expect: (errors) =>
          expect(errors.filter((d) => /nesting is too deep/.test(d.message)).map((d) => d.line)).toContain(line),
      };
    }
    case 'alias-bomb': {
      const text = BOMBS[m.pick % BOMBS.length] + stringify(p);
      return {
        file: writeProfile(p, text),
        expect: (errors) => expect(errors.map((d) => d.message).join('\n')).toMatch(/alias/),
      };
    }
    case 'non-utf8': {
      const text = stringify(p);
      const offset = m.pick % text.length;
      const file = writeProfile(p, 'placeholder');
      writeFileSync(
        file,
        Buffer.concat([Buffer.from(text.slice(0, offset)), Buffer.from([0xff, 0xc3]), Buffer.from(text.slice(offset))]),
      );
      const before = text.slice(0, offset).split('\n');
      return {
        file,
        expect: (errors) =>
          expect(errors.map((d) => [d.line, d.col, /not UTF-8/.test(d.message)])).toEqual([
            [before.length, before[before.length - 1].length + 1, true],
          ]),
      };
    }
    default:
      throw new Error(`unknown mutation ${m.kind}`);
  }
}

describe('random invalid profiles (in process)', () => {
  test('every mutation gets positioned errors, promptly, and never a throw', () => {
    fc.assert(
      fc.property(profileArb, mutationArb, (g, m) => {
        const { file, expect: expectAbout } = mutate(g, m);
        const r = load(file);
        expect(r.ms).toBeLessThan(LOAD_BUDGET_MS);
        if (m.kind !== 'huge-string') {
          expect(r.valid).toBe(false);
          expect(r.errors.length).toBeGreaterThan(0);
        }
        expectPositioned(file, r.errors);
        expectAbout(r.errors, readFileSync(file, 'latin1'));
      }),
      { numRuns: runs(120), seed: SEED },
    );
  }, 120_000);
});
