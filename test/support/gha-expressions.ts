// A small evaluator of GitHub Actions expressions (`${{ ... }}`), enough for the workflow test: literals,
// context paths (a.b, a['b'], a.*), ! == != < <= > >= && || ( ), and the functions the workflow uses.
// Semantics follow https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
// (&& and || return an operand; == compares strings case-insensitively; missing properties are null).

export type Context = Record<string, unknown>;

type Tok = { t: 'str' | 'num' | 'id' | 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'";
          i += 2;
          continue;
        }
        if (src[i] === "'") {
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('!<>()[].,*'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new Error(`cannot read expression at "${src.slice(i)}"`);
  }
  return out;
}

const truthy = (v: unknown) =>
  !(v === null || v === undefined || v === false || v === 0 || v === '' || Number.isNaN(v));
const str = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const eq = (a: unknown, b: unknown) => {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b || a === null || b === null) return (a ?? null) === (b ?? null);
  return Number(a) === Number(b);
};

export function evaluate(src: string, ctx: Context, status: { failed: boolean } = { failed: false }): unknown {
  const toks = tokenize(src);
  let p = 0;
  const peek = (v?: string) =>
    p < toks.length && (v === undefined || (toks[p].t === 'op' && toks[p].v === v)) ? toks[p] : undefined;
  const take = (v: string) => {
    if (!peek(v)) throw new Error(`expected ${v} in ${src}`);
    p++;
  };
  const FUNCS: Record<string, (...a: unknown[]) => unknown> = {
    format: (f, ...a) => str(f).replace(/\{(\d+)\}/g, (_, n) => str(a[Number(n)])),
    fromjson: (s) => JSON.parse(str(s)),
    tojson: (v) => JSON.stringify(v, null, 2),
    contains: (h, n) =>
      Array.isArray(h) ? h.some((x) => eq(x, n)) : str(h).toLowerCase().includes(str(n).toLowerCase()),
    startswith: (h, n) => str(h).toLowerCase().startsWith(str(n).toLowerCase()),
    endswith: (h, n) => str(h).toLowerCase().endsWith(str(n).toLowerCase()),
    always: () => true,
    success: () => !status.failed,
    failure: () => status.failed,
    cancelled: () => false,
  };
  const primary = (): unknown => {
    const tk = toks[p++];
    if (!tk) throw new Error(`unexpected end of ${src}`);
    if (tk.t === 'str') return tk.v;
    if (tk.t === 'num') return Number(tk.v);
    if (tk.t === 'op' && tk.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (tk.t === 'op' && tk.v === '!') return !truthy(unary());
    if (tk.t !== 'id') throw new Error(`unexpected ${tk.v} in ${src}`);
    if (tk.v === 'true') return true;
    if (tk.v === 'false') return false;
    if (tk.v === 'null') return null;
    if (peek('(')) {
      p++;
      const args: unknown[] = [];
      while (!peek(')')) {
        args.push(or());
        if (peek(',')) p++;
      }
      take(')');
      const f = FUNCS[tk.v.toLowerCase()];
      if (!f) throw new Error(`unknown function ${tk.v}`);
      return f(...args);
    }
    let v: unknown = ctx[tk.v];
    for (;;) {
      if (peek('.')) {
        p++;
        const name = toks[p++];
        v = name.v === '*' ? Object.values((v ?? {}) as object) : (v as any)?.[name.v];
      } else if (peek('[')) {
        p++;
        const k = or();
        take(']');
        v = (v as any)?.[str(k)];
      } else return v ?? null;
    }
  };
  const unary = (): unknown => primary();
  const cmp = (): unknown => {
    let l = unary();
    for (;;) {
      const op = ['==', '!=', '<', '<=', '>', '>='].find((o) => peek(o));
      if (!op) return l;
      p++;
      const r = unary();
      l =
        op === '=='
          ? eq(l, r)
          : op === '!='
            ? !eq(l, r)
            : op === '<'
              ? Number(l) < Number(r)
              : op === '<='
                ? Number(l) <= Number(r)
                : op === '>'
                  ? Number(l) > Number(r)
                  : Number(l) >= Number(r);
    }
  };
  const and = (): unknown => {
    let l = cmp();
    while (peek('&&')) {
      p++;
      const r = cmp();
      l = truthy(l) ? r : l;
    }
    return l;
  };
  const or = (): unknown => {
    let l = and();
    while (peek('||')) {
      p++;
      const r = and();
      l = truthy(l) ? l : r;
    }
    return l;
  };
  const v = or();
  if (p !== toks.length) throw new Error(`unexpected ${toks[p].v} in ${src}`);
  return v;
}

/** Replaces every `${{ expr }}` in a text with its value as a string. */
export function substitute(text: string, ctx: Context, status?: { failed: boolean }): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => str(evaluate(e, ctx, status)));
}

/** An `if:` condition: an expression with or without `${{ }}`, success() implied unless a status function is used. */
export function condition(text: string | boolean | undefined, ctx: Context, status: { failed: boolean }): boolean {
  if (text === undefined) return !status.failed;
  if (typeof text === 'boolean') return text;
  const e = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const v = truthy(evaluate(e, ctx, status));
  return /\b(always|failure|cancelled|success)\(/.test(e) ? v : v && !status.failed;
}

export { truthy };
