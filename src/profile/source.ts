// A parsed YAML file that can say where any key path sits in the text.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic, PathSegment, Severity } from './diagnostics';
import { formatPath } from './diagnostics';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export class SourceFile {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(readonly file: string, readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: true, strict: true });
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
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) == seg);
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
    let found: PathSegment[] | undefined;
    visit(this.doc, {
      Pair: (_, pair, ancestors) => {
        if ((pair.key as Node | null)?.range?.[0] !== offset) return undefined;
        found = [];
        for (let i = 0; i < ancestors.length; i++) {
          const a = ancestors[i], next = ancestors[i + 1];
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
    return { file: this.file, line, col, path: formatPath(path), message, severity: opts.severity ?? 'error' };
  }
}
