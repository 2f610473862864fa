// What keeps synthesis fast at a thousand accounts stays sound: no cross-stack references, the benchmark's
// generated profiles stay valid, and the stack-trace shortcut is confined to synthesis (worker threads:
// e2e/synth-scale.test.ts).
import { App, DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BENCH_AS_OF, writeProfile } from '../bench/generate';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { AccountStack } from '../stacks/account-stack';
import { undeclaredReferences } from '../stacks/references';
import { APP_CONTEXT } from '../src/synth';
import { hubKeys } from '../src/synth/parallel';
import { layoutStacks, specKey } from '../src/model/layout';
import { ACME, loadModel } from './support/profiles';
import { synth } from './support/synth';

describe('synthesis at scale', () => {
  test("a stack using another stack's attribute fails with a clear error", () => {
    const model = loadModel(ACME);
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'patchline-xref-')), context: APP_CONTEXT });
    const props = (alias: string) => ({
      account: model.account(alias),
      concern: 'patching' as const,
      regions: ['ap-southeast-2'],
      credentials: { kind: 'role' as const, roleName: 'R' },
      backend: model.backend,
    });
    const a = new AccountStack(app, props('audit'));
    const b = new AccountStack(app, props('payments-prod'));
    const bucket = new S3Bucket(a, 'bucket', { provider: a.globalProvider, bucket: 'x' });
    new SsmParameter(b, 'param', { provider: b.globalProvider, name: '/x', type: 'String', value: bucket.arn });
    expect(() => app.synth()).toThrow(
      'stack payments-prod-patching refers to aws_s3_bucket.bucket, which it does not declare: stacks must not reference each other',
    );
  });

  test('the benchmark generator writes a valid profile with every capability, and it synthesizes', () => {
    const file = writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 60);
    const model = loadModel(file, BENCH_AS_OF);
    expect(model.accounts).toHaveLength(60);
    const s = synth(model);
    const concerns = new Set(s.manifest.stacks.map((st) => st.concern));
    expect([...concerns].sort()).toEqual([
      'evidence',
      'image-consumer',
      'image-factory',
      'inspector',
      'inspector-delegation',
      'patching',
    ]);
    // management and audit are outside the patched OUs; everything else is patched.
    expect(s.manifest.stacks.filter((st) => st.concern === 'patching')).toHaveLength(58);
    expect(s.manifest.stacks.filter((st) => st.concern === 'patching').every((st) => st.regions.length === 2)).toBe(
      true,
    );
  });

  test('every stack something depends on is written first, by the main thread, with its own dependencies', () => {
    const specs = layoutStacks(
      loadModel(writeProfile(mkdtempSync(join(tmpdir(), 'patchline-gen-')), 100), BENCH_AS_OF),
    );
    const hubs = hubKeys(specs);
    const byKey = new Map(specs.map((s) => [specKey(s), s]));
    for (const s of specs) for (const d of s.dependsOn) expect([d, hubs.has(d)]).toEqual([d, true]);
    for (const k of hubs) for (const d of byKey.get(k)!.dependsOn) expect([d, hubs.has(d)]).toEqual([d, true]);
    // The patching stacks depend on the evidence stack but nothing depends on them: they go to the shared queue.
    expect(hubs.size).toBeGreaterThan(0);
    expect(specs.filter((s) => s.concern === 'patching').some((s) => hubs.has(specKey(s)))).toBe(false);
  });

  test('synthesis forgets the tokens it registered and keeps those registered before it', () => {
    const model = loadModel(ACME);
    const before = new AccountStack(new App({ context: APP_CONTEXT }), {
      account: model.account('audit'),
      concern: 'patching',
      regions: ['ap-southeast-2'],
      credentials: { kind: 'role', roleName: 'R' },
      backend: model.backend,
    });
    const arn = new S3Bucket(before, 'bucket', { provider: before.globalProvider, bucket: 'x' }).arn;
    const tokens = TokenMap.instance() as unknown as { stringTokenMap: Map<string, unknown> };
    const held = new Map(tokens.stringTokenMap);
    expect(held.size).toBeGreaterThan(0);
    synth(model);
    expect(new Map(tokens.stringTokenMap)).toEqual(held);
    // The earlier stack's token still resolves (a forgotten one would throw "Unrecognized Token Key").
    expect(
      Tokenization.resolve(arn, {
        scope: before,
        preparing: false,
        resolver: new DefaultTokenResolver(new StringConcat()),
      }),
    ).toBe('${aws_s3_bucket.bucket.arn}');
  });

  test('stack traces of real errors are untouched, during and after synthesis', () => {
    const capture = Error.captureStackTrace;
    synth(ACME);
    expect(Error.captureStackTrace).toBe(capture);
    expect(new Error('x').stack).toMatch(/^Error: x\n\s+at /);
  });
});

describe('undeclared references', () => {
  const tf = {
    resource: {
      aws_kms_key: { key: { description: 'k' } },
      aws_s3_bucket: { logs: { bucket: 'b', depends_on: ['aws_kms_key.key'] } },
      aws_s3_bucket_policy: {
        logs: { bucket: '${aws_s3_bucket.logs.id}', policy: '${jsonencode({a = "${aws_s3_bucket.logs.arn}"})}' },
      },
      aws_ssm_parameter: {
        p: {
          value: '${data.aws_ssm_parameter.ami.value}',
          name: 'aws_iam_role.not_a_reference',
          depends_on: ['aws_iam_role.elsewhere'],
        },
      },
    },
    data: { aws_ssm_parameter: { ami: { name: '/x' } } },
    output: { o: { value: '${aws_kms_alias.other.arn}' } },
  };

  test('finds references to resources the stack does not declare, in interpolations, depends_on and outputs', () => {
    expect(undeclaredReferences(tf)).toEqual(['aws_iam_role.elsewhere', 'aws_kms_alias.other']);
  });

  test("the same text is judged by each stack's own declarations", () => {
    const uses = (declared: object) =>
      undeclaredReferences({
        resource: {
          ...declared,
          aws_ssm_parameter: { p: { value: '${aws_s3_bucket.b.arn}', depends_on: ['aws_kms_key.k'] } },
        },
      });
    expect(uses({})).toEqual(['aws_kms_key.k', 'aws_s3_bucket.b']);
    expect(uses({ aws_s3_bucket: { b: {} }, aws_kms_key: { k: {} } })).toEqual([]);
    expect(uses({ aws_s3_bucket: { c: {} }, aws_kms: { 'key.k': {} } })).toEqual(['aws_kms_key.k', 'aws_s3_bucket.b']);
  });

  test('a self-contained stack has none', () => {
    expect(
      undeclaredReferences({
        ...tf,
        output: {},
        resource: { ...tf.resource, aws_ssm_parameter: { p: { value: '${data.aws_ssm_parameter.ami.value}' } } },
      }),
    ).toEqual([]);
  });
});
