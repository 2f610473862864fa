// Where the evidence is read from: `s3://bucket/prefix` (AWS SDK for JavaScript v3; every stored version of the
// inventory objects, so a patch missing for weeks shows its history) or a local directory of the same layout.
import { GetObjectCommand, ListObjectVersionsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, sep } from 'path';

export interface EvidenceObject {
  /** Key relative to the prefix, '/'-separated. */
  readonly key: string;
  /** Version ID for a non-current version (S3 only). */
  readonly versionId?: string;
  readonly size: number;
  readonly lastModified: number;
}

export interface EvidenceSource {
  /** What is read, for messages. */
  readonly label: string;
  list(): AsyncIterable<EvidenceObject>;
  read(o: EvidenceObject): Promise<Buffer>;
}

/** Parses `s3://bucket/prefix`; undefined for anything else. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) return undefined;
  const prefix = (m[2] ?? '').replace(/^\/+/, '');
  return { bucket: m[1], prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

/** A local copy (e.g. `aws s3 sync s3://bucket dir`). */
export function localSource(dir: string): EvidenceSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UnusableInput(`${dir} is not a directory`);
  return {
    label: dir,
    async *list() {
      const stack = [dir];
      while (stack.length) {
        const d = stack.pop()!;
        const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
          a.name < b.name ? 1 : a.name > b.name ? -1 : 0,
        );
        for (const e of entries) {
          const p = join(d, e.name);
          if (e.isDirectory()) stack.push(p);
          else if (e.isFile()) {
            const st = statSync(p);
            yield { key: relative(dir, p).split(sep).join('/'), size: st.size, lastModified: st.mtimeMs };
          }
        }
      }
    },
    // Synchronous reads: for many small files far cheaper than a thread-pool round trip each.
    read: async (o) => readFileSync(join(dir, o.key)),
  };
}

/** The bucket, below the prefix: every version below `<prefix>ssm/`, current objects elsewhere. */
export function s3Source(
  url: string,
  opts: { client?: S3Client; syncPrefix?: string; history?: boolean } = {},
): EvidenceSource {
  const loc = parseS3Url(url);
  if (!loc) throw new UnusableInput(`${url} is not an s3://bucket/prefix URL`);
  const client = opts.client ?? new S3Client({});
  const syncPrefix = `${loc.prefix}${opts.syncPrefix ?? 'ssm'}/`;
  const rel = (key: string) => key.slice(loc.prefix.length);
  return {
    label: url,
    async *list() {
      if (opts.history !== false) {
        let KeyMarker: string | undefined;
        let VersionIdMarker: string | undefined;
        do {
          const r = await client.send(
            new ListObjectVersionsCommand({ Bucket: loc.bucket, Prefix: syncPrefix, KeyMarker, VersionIdMarker }),
          );
          for (const v of r.Versions ?? []) {
            if (v.Key && v.Size !== undefined)
              yield {
                key: rel(v.Key),
                versionId: v.IsLatest ? undefined : v.VersionId,
                size: v.Size,
                lastModified: v.LastModified?.getTime() ?? 0,
              };
          }
          KeyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
          VersionIdMarker = r.IsTruncated ? r.NextVersionIdMarker : undefined;
        } while (KeyMarker);
      }
      let ContinuationToken: string | undefined;
      do {
        const r = await client.send(
          new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: loc.prefix, ContinuationToken }),
        );
        for (const o of r.Contents ?? []) {
          if (!o.Key || o.Size === undefined) continue;
          if (opts.history !== false && o.Key.startsWith(syncPrefix)) continue; // listed with its versions
          yield { key: rel(o.Key), size: o.Size, lastModified: o.LastModified?.getTime() ?? 0 };
        }
        ContinuationToken = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async read(o) {
      const r = await client.send(
        new GetObjectCommand({ Bucket: loc.bucket, Key: loc.prefix + o.key, VersionId: o.versionId }),
      );
      if (!r.Body) return Buffer.alloc(0);
      return Buffer.from(await r.Body.transformToByteArray());
    },
  };
}

/** Input the report cannot be made from at all (exit 2). */
export class UnusableInput extends Error {}
