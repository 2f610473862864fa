// Every bucket: all public access blocked, SSE-KMS by default, versioning on, TLS-only policy, no public ACL.
import { actions, parsePolicy, principalValues, resources, type Statement } from '../policy';
import { blocks, exactRef, type StackView } from '../stack';
import type { Problem, Rule } from '../types';

/** The logical name of the aws_s3_bucket a `bucket` argument points at (reference or literal bucket name). */
function bucketOf(stack: StackView, value: unknown): string | undefined {
  const ref = exactRef(value);
  if (ref) return ref.type === 'aws_s3_bucket' && (ref.attr === 'id' || ref.attr === 'bucket') ? ref.name : undefined;
  return stack
    .resources('aws_s3_bucket')
    .find(([, c]) => c.bucket !== undefined && c.bucket === value)?.[0]
    .split('.')[1];
}

/** Configurations of a type by the bucket they apply to. */
function byBucket(stack: StackView, type: string): Map<string, [string, any][]> {
  const out = new Map<string, [string, any][]>();
  for (const [address, c] of stack.resources(type)) {
    const b = bucketOf(stack, c.bucket);
    if (b) out.set(b, [...(out.get(b) ?? []), [address, c]]);
  }
  return out;
}

/** For each bucket: its address, logical name, config, and the matching configurations of `type`. */
function* eachBucket(stack: StackView, type: string): Iterable<[string, string, any, [string, any][]]> {
  const map = byBucket(stack, type);
  for (const [address, c] of stack.resources('aws_s3_bucket')) {
    const name = address.slice('aws_s3_bucket.'.length);
    yield [address, name, c, map.get(name) ?? []];
  }
}

const PAB_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
const truthy = (v: unknown) => v === true || v === 'true';

/** Does the statement deny every S3 action on the bucket and its objects when the request is not TLS? */
function deniesInsecureTransport(s: Statement, bucket: string, bucketName?: string): boolean {
  if (s.Effect !== 'Deny') return false;
  if (!principalValues(s.Principal).includes('*')) return false;
  if (!actions(s).some((a) => a === 's3:*' || a === '*')) return false;
  const cond = Object.entries(s.Condition ?? {}).find(([op]) => op.toLowerCase() === 'bool')?.[1] ?? {};
  const secure = Object.entries(cond).find(([k]) => k.toLowerCase() === 'aws:securetransport')?.[1];
  if (![false, 'false'].includes((Array.isArray(secure) ? secure[0] : secure) as never)) return false;
  const rs = resources(s);
  const isBucket = (r: string) =>
    r === `\${aws_s3_bucket.${bucket}.arn}` || (!!bucketName && r === `arn:aws:s3:::${bucketName}`);
  const isObjects = (r: string) => r.endsWith('/*') && isBucket(r.slice(0, -2));
  return rs.some(isBucket) && rs.some(isObjects);
}

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

export const s3Rules: Rule[] = [
  {
    id: 'PL-S3-1',
    description: 'Every S3 bucket has an aws_s3_bucket_public_access_block with all four settings true',
    equivalents: {
      checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
      trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'],
      securityHub: ['S3.8'],
    },
    *check(stack) {
      for (const [address, , , pabs] of eachBucket(stack, 'aws_s3_bucket_public_access_block')) {
        if (!pabs.length) {
          yield { address, message: 'no aws_s3_bucket_public_access_block for this bucket' };
          continue;
        }
        const off = PAB_FLAGS.filter((f) => !pabs.some(([, c]) => truthy(c[f])));
        if (off.length) yield { address, message: `public access block leaves ${off.join(', ')} off` };
      }
    },
  },
  {
    id: 'PL-S3-2',
    description: 'Every S3 bucket has default encryption with SSE-KMS (aws:kms)',
    equivalents: { checkov: ['CKV_AWS_145'], trivy: ['AVD-AWS-0088'], securityHub: ['S3.17'] },
    *check(stack) {
      for (const [address, , , sses] of eachBucket(stack, 'aws_s3_bucket_server_side_encryption_configuration')) {
        const algos = sses.flatMap(([, c]) =>
          blocks(c.rule).flatMap((r) =>
            blocks(r?.apply_server_side_encryption_by_default).map((d) => d?.sse_algorithm),
          ),
        );
        if (!algos.length)
          yield { address, message: 'no aws_s3_bucket_server_side_encryption_configuration for this bucket' };
        else if (!algos.every((a) => a === 'aws:kms' || a === 'aws:kms:dsse'))
          yield { address, message: `default encryption is ${algos.join(', ')}; must be aws:kms` };
      }
    },
  },
  {
    id: 'PL-S3-3',
    description: 'Every S3 bucket has versioning Enabled',
    equivalents: { checkov: ['CKV_AWS_21'], trivy: ['AVD-AWS-0090'], securityHub: ['S3.14'] },
    *check(stack) {
      for (const [address, , , vs] of eachBucket(stack, 'aws_s3_bucket_versioning')) {
        const status = vs.flatMap(([, c]) => blocks(c.versioning_configuration).map((v) => v?.status));
        if (!status.includes('Enabled'))
          yield {
            address,
            message: vs.length
              ? `versioning is ${status.join(', ') || 'unset'}; must be Enabled`
              : 'no aws_s3_bucket_versioning for this bucket',
          };
      }
    },
  },
  {
    id: 'PL-S3-4',
    description:
      'Every S3 bucket has a bucket policy denying s3:* on the bucket and its objects when aws:SecureTransport is false',
    equivalents: { securityHub: ['S3.5'] },
    *check(stack) {
      for (const [address, name, c, policies] of eachBucket(stack, 'aws_s3_bucket_policy')) {
        if (!policies.length) {
          yield { address, message: 'no aws_s3_bucket_policy for this bucket, so plain-HTTP requests are not denied' };
          continue;
        }
        const problems: Problem[] = [];
        let ok = false;
        for (const [pa, pc] of policies) {
          const parsed = parsePolicy(pc.policy);
          if (parsed.error) {
            problems.push({ address: pa, message: parsed.error });
            continue;
          }
          if (
            parsed.statements.some((s) =>
              deniesInsecureTransport(s, name, typeof c.bucket === 'string' ? c.bucket : undefined),
            )
          )
            ok = true;
        }
        if (!ok)
          yield* problems.length
            ? problems
            : [
                {
                  address,
                  message:
                    'the bucket policy has no statement denying s3:* on the bucket and bucket/* for aws:SecureTransport = false',
                },
              ];
      }
    },
  },
  {
    id: 'PL-S3-5',
    description: 'No S3 bucket ACL grants access to all users or all authenticated AWS users',
    equivalents: { checkov: ['CKV_AWS_20', 'CKV_AWS_57'], trivy: ['AVD-AWS-0092'], securityHub: ['S3.2', 'S3.3'] },
    *check(stack) {
      for (const [address, c] of [...stack.resources('aws_s3_bucket'), ...stack.resources('aws_s3_bucket_acl')]) {
        if (PUBLIC_ACLS.includes(c.acl)) yield { address, message: `canned ACL ${c.acl} makes the bucket public` };
        for (const acp of blocks(c.access_control_policy)) {
          for (const g of blocks(acp?.grant)) {
            for (const grantee of blocks(g?.grantee))
              if (PUBLIC_GRANTEES.test(String(grantee?.uri ?? '')))
                yield { address, message: `ACL grants ${g?.permission ?? 'access'} to ${grantee.uri}` };
          }
        }
      }
    },
  },
];
