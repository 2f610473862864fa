// A parsed YAML file that can say where any key path sits in the text.
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  YAMLParseError,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from './yaml';
import type { Diagnostic, PathSegment, Severity } from './diagnostics';
import { formatPath } from './diagnostics';

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Messages quote profile values; a pasted megabyte must not become a megabyte of terminal output. */
const MAX_MESSAGE = 400;

/** Keeps the start and the end (where messages say what to do) of an over-long text. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max / 3);
  return `${text.slice(0, max - tail - 1)}…${text.slice(-tail)}`;
}

export class SourceFile {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  /** Key path of each duplicate key, by the key's offset. */
  private readonly duplicatePaths = new Map<number, PathSegment[]>();
  /** Each map's pairs by key, built on first lookup, so locating N diagnostics stays linear. */
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    // The parser's own uniqueKeys check compares every key with every earlier one (quadratic: a large
    // map would hang); findDuplicateKeys does the same job with a set per map.
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: true, strict: true });
    this.findDuplicateKeys();
  }

  /** Reports keys written twice in one map as DUPLICATE_KEY errors, without recursion. */
  private findDuplicateKeys(): void {
    // Each node's path as a link to its parent's: a path is spelt out only for a duplicate.
    type Link = { readonly up?: Link; readonly seg: PathSegment } | undefined;
    const spell = (l: Link): PathSegment[] => {
      const path: PathSegment[] = [];
      for (; l; l = l.up) path.unshift(l.seg);
      return path;
    };
    const todo: [unknown, Link][] = [[this.doc.contents, undefined]];
    while (todo.length) {
      const [node, path] = todo.pop()!;
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          const k = this.keyOf(pair.key);
          if (k !== undefined) {
            const range = (pair.key as Node).range;
            if (seen.has(k) && range) {
              this.doc.errors.push(
                new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'),
              );
              this.duplicatePaths.set(range[0], [...spell(path), k]);
            }
            seen.add(k);
          }
          if (isCollection(pair.value)) todo.push([pair.value, { up: path, seg: k ?? '?' }]);
        }
      } else if (isSeq(node))
        node.items.forEach((item, i) => isCollection(item) && todo.push([item, { up: path, seg: i }]));
    }
  }

  /** A key as the profile sees it (aliases resolved); undefined for keys that are collections. */
  private keyOf(key: unknown): string | undefined {
    const k = isAlias(key) ? key.resolve(this.doc) : key;
    return isScalar(k) ? String(k.value) : undefined;
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        const k = isPair(p) ? this.keyOf(p.key) : undefined;
        if (k !== undefined && !index.has(k)) index.set(k, p);
      }
      this.pairIndex.set(map, index);
    }
    return index;
  }

  pos(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  /**
   * Position of the value at `path` (or of its key, with `key`); when the path does not exist,
   * the deepest existing ancestor, so a missing key points at the map that should hold it.
   */
  locate(path: readonly PathSegment[], opts: { key?: boolean } = {}): Position {
    let node: unknown = this.doc.contents;
    let at: Node | undefined = node as Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(seg));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && opts.key && pair.key && (pair.key as Node).range) return this.pos((pair.key as Node).range![0]);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
      } else break;
      if (node && (node as Node).range) at = node as Node;
    }
    return at?.range ? this.pos(at.range[0]) : { line: 1, col: 1 };
  }

  /** Key path of the map entry whose key starts at `offset` (for parser errors such as duplicate keys). */
  pathOfKeyAt(offset: number): PathSegment[] | undefined {
    const dup = this.duplicatePaths.get(offset);
    if (dup) return dup;
    let found: PathSegment[] | undefined;
    visit(this.doc, {
      Pair: (_, pair, ancestors) => {
        if ((pair.key as Node | null)?.range?.[0] !== offset) return undefined;
        found = [];
        for (let i = 0; i < ancestors.length; i++) {
          const a = ancestors[i],
            next = ancestors[i + 1];
          if (isPair(a) && isScalar(a.key)) found.push(String(a.key.value));
          if (isSeq(a) && next) found.push(a.items.indexOf(next as never));
        }
        found.push(isScalar(pair.key) ? String(pair.key.value) : '?');
        return visit.BREAK;
      },
    });
    return found;
  }

  diag(path: readonly PathSegment[], message: string, opts: { key?: boolean; severity?: Severity } = {}): Diagnostic {
    const { line, col } = this.locate(path, opts);
    return {
      file: this.file,
      line,
      col,
      path: shorten(formatPath(path), 200),
      message: shorten(message, MAX_MESSAGE),
      severity: opts.severity ?? 'error',
    };
  }
}
