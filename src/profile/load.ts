// Profile file → (parse + schema + semantic checks) → typed model, with every problem collected at once.
import { readFileSync, statSync } from 'fs';
import { dirname, resolve } from 'path';
import { isCollection, isPair, type Node } from './yaml';
import { CheckContext } from './checks/context';
import { CHECKS } from './checks';
import { formatPath, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics';
import { buildModel, type ModelSource, type OrgModel } from '../model';
import type { PatchlineOrgProfile as Profile } from './profile.generated';
import { misspeltKeys, validateSchema } from './schema';
import { SourceFile } from './source';

/** Profiles are hand-written; anything this large is a mistake, and parsing it would only waste time. */
export const MAX_PROFILE_BYTES = 4 * 1024 * 1024;
/** Aliases may be expanded at most this many times (stops "billion laughs" documents). */
const MAX_ALIAS_COUNT = 200;
/** Collections may nest at most this deep; real profiles need about 10, and deeper ones would exhaust recursion. */
export const MAX_NESTING = 64;

export interface LoadOptions {
  /** Assessment date, YYYY-MM-DD; today (UTC) when omitted. */
  readonly asOf?: string;
}

export interface LoadResult {
  /** Present only when there are no errors (warnings allowed). */
  readonly model?: OrgModel;
  /** What the model was built from (with the model). */
  readonly source?: ModelSource;
  readonly diagnostics: readonly Diagnostic[];
}

export const today = () => new Date().toISOString().slice(0, 10);

function at(file: string, message: string, line = 1, col = 1): Diagnostic {
  return { file, line, col, path: '(file)', message, severity: 'error' };
}

function readText(file: string): { text?: string; error?: Diagnostic } {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { error: at(file, 'is not a file') };
    size = st.size;
  } catch {
    return { error: at(file, 'profile file not found') };
  }
  if (size > MAX_PROFILE_BYTES)
    return {
      error: at(
        file,
        `file is ${(size / 1048576).toFixed(1)} MB; a profile may be at most ${MAX_PROFILE_BYTES / 1048576} MB`,
      ),
    };
  const bytes = readFileSync(file);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Point at the first byte that is not UTF-8.
    const text = bytes.toString('latin1');
    let bad = 0;
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
      if (
        !n ||
        Buffer.from(bytes.subarray(i, i + n))
          .toString('utf8')
          .includes('\ufffd')
      ) {
        bad = i;
        break;
      }
      i += n;
    }
    const before = text.slice(0, bad).split('\n');
    return {
      error: at(
        file,
        `is not UTF-8 text (byte 0x${bytes[bad].toString(16)} at offset ${bad})`,
        before.length,
        before[before.length - 1].length + 1,
      ),
    };
  }
}

/** The first node nested deeper than MAX_NESTING, found without recursion. */
function tooDeep(root: unknown): Node | undefined {
  const todo: [unknown, number][] = [[root, 0]];
  while (todo.length) {
    const [node, depth] = todo.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= MAX_NESTING) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) todo.push([item.key, depth + 1], [item.value, depth + 1]);
      else todo.push([item, depth + 1]);
    }
  }
  return undefined;
}

export function loadProfile(path: string, opts: LoadOptions = {}): LoadResult {
  const file = resolve(path);
  const asOf = opts.asOf ?? today();
  const { text, error } = readText(file);
  if (error) return { diagnostics: [error] };

  let src: SourceFile;
  try {
    src = new SourceFile(file, text!);
  } catch (e) {
    // The parser recurses; absurd nesting exhausts the stack.
    return {
      diagnostics: [at(file, `cannot be parsed: ${e instanceof RangeError ? 'nesting is too deep' : String(e)}`)],
    };
  }
  const diagnostics: Diagnostic[] = src.doc.errors.map((e) => {
    const { line, col } = src.pos(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const path = src.pathOfKeyAt(e.pos[0]);
      const key = path?.[path.length - 1] ?? text!.slice(e.pos[0], e.pos[1]);
      return {
        file,
        line,
        col,
        path: path ? formatPath(path) : '(yaml)',
        message: `key "${key}" is written twice in the same map; YAML keys must be unique`,
        severity: 'error',
      };
    }
    // The parser turns its own stack overflow on absurd nesting into an error; say what it means.
    if (e.code === 'RESOURCE_EXHAUSTION' && /call stack/.test(e.message)) {
      return {
        file,
        line,
        col,
        path: '(yaml)',
        message: `nesting is too deep: a profile nests at most ${MAX_NESTING} levels`,
        severity: 'error',
      };
    }
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { file, line, col, path: '(yaml)', message: `YAML syntax error: ${msg}`, severity: 'error' };
  });
  // Duplicate keys leave a usable document, so schema checks still run; other syntax errors do not.
  if (src.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return { diagnostics: sortDiagnostics(diagnostics) };

  const deep = tooDeep(src.doc.contents);
  if (deep) {
    const { line, col } = src.pos(deep.range?.[0] ?? 0);
    return {
      diagnostics: sortDiagnostics([
        ...diagnostics,
        at(file, `nesting is too deep: a profile nests at most ${MAX_NESTING} levels`, line, col),
      ]),
    };
  }
  let data: unknown;
  try {
    data = src.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const why = e instanceof RangeError ? 'nesting is too deep' : `${(e as Error).message} (too many alias expansions)`;
    return { diagnostics: sortDiagnostics([...diagnostics, at(file, `cannot be read: ${why}`)]) };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      diagnostics: sortDiagnostics([
        ...diagnostics,
        at(file, 'a profile must be a map of keys (version, organization, ...)'),
      ]),
    };
  }

  const schemaDiags = validateSchema(data, src);
  for (const d of schemaDiags) diagnostics.push(d); // not push(...): a huge broken file has 100k+ problems
  let ctx: CheckContext;
  try {
    ctx = new CheckContext(data as Profile, src, dirname(file), asOf, misspeltKeys(schemaDiags));
  } catch (e) {
    // Without organization.accounts there is nothing to check references against; the schema said why.
    if (!schemaDiags.length) throw e;
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  for (const check of CHECKS) {
    try {
      check(ctx);
    } catch (e) {
      // Checks assume schema-valid data; with schema errors already reported a throw adds nothing.
      if (!schemaDiags.length) throw e;
    }
  }
  for (const d of ctx.diagnostics) diagnostics.push(d);
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  const source: ModelSource = {
    profile: data as Profile,
    file,
    baseDir: dirname(file),
    asOf,
    documents: ctx.documents,
  };
  return { model: buildModel(source), source, diagnostics: sorted };
}
