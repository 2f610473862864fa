// Image factory references: accounts, regions, OUs, and the component documents the pipelines name.
import { existsSync, readFileSync, statSync } from 'fs';
import { resolve } from 'path';
import { SourceFile } from '../source';
import type { Check, CheckContext } from './context';

/** Reads an AWSTOE component document and reports what stops Image Builder from accepting it. */
function checkComponentFile(ctx: CheckContext, path: (string | number)[], rel: string): void {
  const abs = resolve(ctx.baseDir, rel);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    ctx.report(path, `component file "${rel}" does not exist (looked for ${abs})`);
    return;
  }
  const src = new SourceFile(abs, readFileSync(abs, 'utf8'));
  if (src.doc.errors.length) {
    for (const e of src.doc.errors) {
      const { line, col } = src.pos(e.pos[0]);
      ctx.diagnostics.push({ file: abs, line, col, path: '(component)', message: `not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, severity: 'error' });
    }
    return;
  }
  const doc = src.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    ctx.diagnostics.push(src.diag([], 'a component document must be a map with name, schemaVersion and phases'));
    return;
  }
  for (const key of ['name', 'schemaVersion', 'phases']) {
    if (doc[key] === undefined) ctx.diagnostics.push(src.diag([key], `component document is missing "${key}"`));
  }
  if (doc.phases !== undefined && (!Array.isArray(doc.phases) || doc.phases.length === 0)) {
    ctx.diagnostics.push(src.diag(['phases'], 'phases must be a non-empty list'));
  }
}

export const checkImageFactory: Check = (ctx) => {
  const f = ctx.profile.imageFactory;
  if (!f) return;
  const base = ['imageFactory'];
  ctx.account([...base, 'account'], f.account);
  ctx.region([...base, 'buildRegion'], f.buildRegion);
  for (const [name, p] of Object.entries(f.pipelines)) {
    const path = [...base, 'pipelines', name];
    for (const list of ['components', 'tests'] as const) {
      (p[list] ?? []).forEach((c, i) => c.file !== undefined && checkComponentFile(ctx, [...path, list, i, 'file'], c.file));
    }
    const d = p.distribution;
    d.regions.forEach((r, i) => ctx.region([...path, 'distribution', 'regions', i], r));
    d.shareWith?.organizationalUnits?.forEach((ou, i) => ctx.ou([...path, 'distribution', 'shareWith', 'organizationalUnits', i], ou));
    d.shareWith?.accounts?.forEach((a, i) => ctx.account([...path, 'distribution', 'shareWith', 'accounts', i], a));
    d.copyTo?.forEach((a, i) => ctx.account([...path, 'distribution', 'copyTo', i], a));
  }
};
