// Profile problems are collected as values with source positions; only the CLI edge prints them.
import { relative } from 'path';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted key path in the profile, e.g. imageFactory.pipelines.al2023-base.components[2]. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(root)';
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const file = relative(cwd, d.file) || d.file;
  const tag = d.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${d.line}:${d.col}  ${d.path}  ${tag}${d.message}`;
}

/** File order, then position: the order a reader fixes them in. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}

export const hasErrors = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');
