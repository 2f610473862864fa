// `patchline affected <base-out> <head-out> [--json] [--max-jobs N]`: the stacks a change touches.
import { compareManifests, readManifest, shardOf, type AffectedStack, type Comparison } from '../synth/affected';

export interface AffectedOptions {
  /** The base branch's synthesized output (a cdktf.out directory). */
  readonly base: string;
  /** The proposed change's synthesized output. */
  readonly head: string;
  /** Print a GitHub Actions matrix instead of text. */
  readonly json?: boolean;
  /** With json: when more stacks than this are affected, emit this many shards instead of one entry per stack.
   * @default unlimited */
  readonly maxJobs?: number;
}

/** One matrix entry per stack, or (above maxJobs) per shard for `patchline plan --shard`. */
export type MatrixEntry =
  | {
      readonly stack: string;
      readonly dir: string;
      readonly change: AffectedStack['change'];
      readonly key: string;
      readonly source: AffectedStack['source'];
    }
  | { readonly shard: string; readonly stacks: number };

export function matrix(c: Comparison, maxJobs = Infinity): { include: MatrixEntry[] } {
  const a = c.affected;
  if (a.length > maxJobs) {
    return {
      include: Array.from({ length: maxJobs }, (_, i) => ({
        shard: `${i + 1}/${maxJobs}`,
        stacks: shardOf(a, { index: i + 1, count: maxJobs }).length,
      })),
    };
  }
  return { include: a.map((s) => ({ stack: s.name, dir: s.dir, change: s.change, key: s.key, source: s.source })) };
}

export function formatText(c: Comparison, base: string, head: string): string {
  const a = c.affected;
  if (!a.length) return `No stacks affected: all ${c.unchanged} stacks are unchanged; nothing to plan.\n`;
  const width = Math.max(...a.map((s) => s.name.length));
  const lines = a.map((s) => {
    const from =
      s.change === 'removed'
        ? `  destroy: plan -destroy in ${base}/${s.dir}`
        : s.renamedFrom
          ? `  (renamed from ${s.renamedFrom})`
          : '';
    return `  ${s.change.padEnd(8)} ${s.name.padEnd(width)}  ${s.key}${from}`;
  });
  const count = (ch: string) => a.filter((s) => s.change === ch).length;
  const removed = count('removed');
  return [
    `${a.length} stack${a.length === 1 ? '' : 's'} affected (${count('added')} added, ${count('changed')} changed, ${removed} removed; ${c.unchanged} unchanged, not planned), in dependency order:`,
    ...lines,
    ...(removed
      ? [
          `Removed stacks no longer exist in ${head}: plan (and apply) their destruction from the base output, ` +
            `as \`patchline plan --out ${head} --affected ${base}\` does.`,
        ]
      : []),
    '',
  ].join('\n');
}

/** Prints the comparison; exit code 0 whether or not anything changed. */
export function affectedCommand(opts: AffectedOptions, out: NodeJS.WritableStream): number {
  const c = compareManifests(readManifest(opts.base), readManifest(opts.head));
  out.write(opts.json ? JSON.stringify(matrix(c, opts.maxJobs)) + '\n' : formatText(c, opts.base, opts.head));
  return 0;
}
