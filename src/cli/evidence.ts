// `patchline evidence observed`: reads the collected evidence (s3://bucket/prefix or a local copy of the same
// layout) and writes the observed report. Exit 0: written, no breaches; 1: written, with breaches; 2: the input
// cannot be used (no such directory or bucket, nothing readable in it), nothing written.
import { relative } from 'path';
import { analyse, type Observed } from '../evidence/observed/analyse';
import { collect, type Collected } from '../evidence/observed/collect';
import { writeObserved } from '../evidence/observed/render';
import { localSource, s3Source, UnusableInput, type EvidenceSource } from '../evidence/observed/source';
import { evidenceNames } from '../naming';
import type { OrgModel } from '../model';
import type { Output } from './progress';

export const DEFAULT_PERIOD_DAYS = 90;

export interface ObservedOptions {
  readonly model: OrgModel;
  /** `s3://bucket/prefix` or a directory. */
  readonly from: string;
  /** Output directory. @default 'evidence' */
  readonly out?: string;
  /** Days of history the period covers. @default 90 */
  readonly days?: number;
  /** Where progress and the summary go. */
  readonly stdout: Output;
  readonly stderr: Output;
  /** Source override (tests). */
  readonly source?: EvidenceSource;
}

export interface ObservedResult {
  readonly code: 0 | 1 | 2;
  readonly observed?: Observed;
  readonly files: string[];
}

export async function evidenceObserved(opts: ObservedOptions): Promise<ObservedResult> {
  let source: EvidenceSource;
  try {
    source =
      opts.source ??
      (opts.from.startsWith('s3://')
        ? s3Source(opts.from, { syncPrefix: evidenceNames.syncPrefix })
        : localSource(opts.from));
  } catch (e) {
    if (e instanceof UnusableInput) {
      opts.stderr.write(`patchline: ${e.message}; nothing was written\n`);
      return { code: 2, files: [] };
    }
    throw e;
  }
  const progress = progressLine(opts.stderr);
  let collected: Collected;
  try {
    collected = await collect(source, {
      syncPrefix: evidenceNames.syncPrefix,
      findingsPrefix: evidenceNames.findingsPrefix,
      onProgress: progress.update,
    });
  } catch (e) {
    progress.done();
    // Listing failed (no such bucket, access denied, network): nothing to report from.
    opts.stderr.write(`patchline: cannot read ${source.label}: ${(e as Error).message}; nothing was written\n`);
    return { code: 2, files: [] };
  } finally {
    progress.done();
  }
  if (collected.records === 0) {
    const why = collected.malformed.length
      ? `none of its ${collected.malformed.length} evidence objects could be read`
      : 'it holds no evidence objects (expected ssm/… and inspector/… below it)';
    opts.stderr.write(`patchline: ${source.label}: ${why}; nothing was written\n`);
    return { code: 2, files: [] };
  }
  const observed = analyse(opts.model, collected, {
    periodDays: opts.days ?? DEFAULT_PERIOD_DAYS,
    source: source.label,
  });
  const files = writeObserved(observed, opts.out ?? 'evidence');
  opts.stdout.write(
    `${files.map((f) => relative(process.cwd(), f)).join(', ')}: ${observed.instances} instances, ${observed.open.filter((x) => x.late).length} late items, ` +
      `${observed.staleScans.length} stale scans, ${observed.unknown.length} unknown, ${observed.malformed.length} unreadable objects: ${observed.breaches ? `${observed.breaches} breaches` : 'no breaches'}\n`,
  );
  return { code: observed.breaches ? 1 : 0, observed, files };
}

/** "n objects, x MB" redrawn on a terminal at most every 200 ms; nothing otherwise. */
function progressLine(out: Output): { update: (c: Collected) => void; done: () => void } {
  if (!out.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update: (c) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      drawn = true;
      out.write(
        `\r\x1b[Kreading evidence: ${c.objects} objects, ${(c.bytes / 1e6).toFixed(1)} MB, ${c.records} records`,
      );
    },
    done: () => {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}
