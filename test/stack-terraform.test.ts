// Patchline's stack synthesis (stacks/synthesis.ts: stackTerraform's resolve shortcuts, stableJson) writes what
// cdktf 0.21's own TerraformStack.toTerraform and json-stable-stringify write, byte for byte: for every stack of
// the example profiles and a generated organization, and for a stack holding every kind of token.
import { Annotations, App, Aspects, Fn, TerraformIterator, TerraformStack, Token, Tokenization } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BENCH_AS_OF, writeProfile } from '../bench/generate';
import { AccountStack } from '../stacks/account-stack';
import { buildStacks } from '../stacks';
import { keysToSnakeCase, stableJson } from '../stacks/synthesis';
import * as cdktfUtil from 'cdktf/lib/util';
import { APP_CONTEXT } from '../src/synth';
import { ACME, DEFAULT_PROFILE, loadModel } from './support/profiles';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stableStringify: (
  value: unknown,
  opts: { space: number },
) => string = require('cdktf/node_modules/json-stable-stringify');

/** The stack as cdktf's own toTerraform and writer would write it. */
const cdktfJson = (stack: TerraformStack) =>
  stableStringify(TerraformStack.prototype.toTerraform.call(stack), { space: 2 });

/** An empty patching stack of Acme's audit account in one region, to add hand-made resources to. */
const auditStack = (app: App) => {
  const model = loadModel(ACME);
  return new AccountStack(app, {
    account: model.account('audit'),
    concern: 'patching',
    regions: ['ap-southeast-2'],
    credentials: { kind: 'role', roleName: 'R' },
    backend: model.backend,
  });
};

const newApp = () => new App({ outdir: mkdtempSync(join(tmpdir(), 'patchline-tf-')), context: APP_CONTEXT });

describe("stack synthesis writes what cdktf's own would", () => {
  const generated = () => writeProfile(mkdtempSync(join(tmpdir(), 'patchline-tf-gen-')), 30);
  test.each([
    ['the default profile', () => loadModel(DEFAULT_PROFILE)],
    ['Acme', () => loadModel(ACME)],
    ['a generated 30-account organization', () => loadModel(generated(), BENCH_AS_OF)],
  ])('every stack of %s', (_, model) => {
    const stacks = buildStacks(newApp(), model());
    expect(stacks.size).toBeGreaterThan(2);
    for (const stack of stacks.values()) expect(stableJson(stack.toTerraform())).toBe(cdktfJson(stack));
  });

  test('a stack holding every kind of token: references alone, in lists, in text, in functions; list, number and map tokens', () => {
    const stack = auditStack(newApp());
    const provider = stack.globalProvider;
    const bucket = new S3Bucket(stack, 'bucket', { provider, bucket: 'b' });
    const other = new S3Bucket(stack, 'other', { provider, bucket: 'o', dependsOn: [bucket] });
    new SsmParameter(stack, 'alone', { provider, name: '/a', type: 'String', value: bucket.arn });
    new SsmParameter(stack, 'text', {
      provider,
      name: `/t/${bucket.id}`,
      type: 'String',
      value: `$\${x}-${other.arn}`,
    });
    new SsmParameter(stack, 'fn', {
      provider,
      name: '/f',
      type: 'String',
      value: Fn.join(',', [bucket.arn, other.arn]),
    });
    new SsmParameter(stack, 'number', {
      provider,
      name: '/n',
      type: 'String',
      value: Token.asString(Token.asNumber(bucket.getNumberAttribute('x'))),
    });
    new SsmParameter(stack, 'list', {
      provider,
      name: '/l',
      type: 'StringList',
      value: Fn.join(',', bucket.getListAttribute('l')),
      tags: { a: bucket.arn, b: Token.asString(bucket.getStringMapAttribute('tags')) },
    });
    const role = (id: string, managedPolicyArns: string[]) =>
      new IamRole(stack, id, { provider, name: id, assumeRolePolicy: '{}', managedPolicyArns });
    role('list-token', bucket.getListAttribute('l'));
    role('references', [bucket.arn, 'arn:aws:iam::aws:policy/x', other.arn]);
    // Not a reference, though shaped like one; and a reference cdktf would resolve as a cross-stack one.
    const lookalike = { identifier: 'aws_s3_bucket.bucket.arn', creationStack: [], resolve: () => 'resolved' };
    new SsmParameter(stack, 'lookalike', { provider, name: '/k', type: 'String', value: Token.asString(lookalike) });
    const crossed = bucket.bucketDomainName;
    (Tokenization.reverseString(crossed).firstToken as any).crossStackIdentifier[stack.toString()] = 'data.x.y';
    new SsmParameter(stack, 'crossed', { provider, name: '/c', type: 'String', value: crossed });
    new IamPolicy(stack, 'policy', {
      provider,
      name: 'p',
      policy: JSON.stringify({ Resource: [bucket.arn, `${bucket.arn}/*`, other.arn], Other: Token.asString(other.id) }),
    });
    // A `${` of the text's own opens an escape: cdktf writes the references inside it without their braces.
    new IamPolicy(stack, 'escaped', {
      provider,
      name: 'e',
      policy: `{"Resource":"${bucket.arn}/home/\${aws:username}/\${upper(${other.arn})}","Other":"}${bucket.id}"}`,
      dependsOn: [bucket, other, provider as any],
    });
    // A dynamic block, which synthesis moves under `dynamic`.
    const it = TerraformIterator.fromMap({ a: '{}', b: bucket.arn });
    new IamRole(stack, 'dynamic', {
      provider,
      name: 'd',
      assumeRolePolicy: '{}',
      inlinePolicy: it.dynamic({ name: it.key, policy: it.value }),
    });
    new SsmParameter(stack, 'two', { provider, name: '/2', type: 'String', value: `${bucket.arn}${other.arn}:1e5` });
    const json = stableJson(stack.toTerraform());
    expect(json).toBe(cdktfJson(stack));
    // What the shortcut writes, for the record: the reference with its braces, in place.
    const parameters = JSON.parse(json!).resource.aws_ssm_parameter;
    expect(parameters.alone.value).toBe('${aws_s3_bucket.bucket.arn}');
    expect(parameters.lookalike.value).toBe('resolved');
    expect(parameters.crossed.value).toBe('${data.x.y}');
    expect(Object.keys(JSON.parse(json!).resource.aws_iam_role.dynamic.dynamic)).toEqual(['inline_policy']);
    const policies = JSON.parse(json!).resource.aws_iam_policy;
    expect(policies.escaped.depends_on).toEqual(['aws_s3_bucket.bucket', 'aws_s3_bucket.other', 'aws.ap-southeast-2']);
    expect(policies.escaped.policy).toBe(
      '{"Resource":"${aws_s3_bucket.bucket.arn}/home/${aws:username}/${upper(aws_s3_bucket.other.arn)}","Other":"}${aws_s3_bucket.bucket.id}"}',
    );
  });

  test("provider keys are converted as cdktf's keysToSnakeCase converts them", () => {
    // The generated bindings write snake_case keys already; an override or a hand-written provider may not.
    const value = {
      assumeRole: [{ roleArn: 'r', sessionName: 'x', tags: { camelKey: 'kept' } }],
      __Odd__Key9: { innerKey: [[{ deepKey: 1 }], 'aKey'], environment: { fooBar: 1 } },
      HTTPProxy: 3,
      list: [{ aB: 1 }, 'cD', 2],
      ref: Token.asAny({ resolve: () => 'x' }),
    };
    const { ref, ...plain } = value;
    expect(keysToSnakeCase(value)).toEqual(cdktfUtil.keysToSnakeCase(value));
    expect(JSON.stringify(keysToSnakeCase(plain))).toBe(JSON.stringify(cdktfUtil.keysToSnakeCase(plain)));
    expect(keysToSnakeCase(value).ref).toBe(ref);
  });

  test("custom synthesis runs before the stack's annotations are collected, as in cdktf's synthesizer", () => {
    const app = newApp();
    const stack = auditStack(app);
    const asset = new Construct(stack, 'asset');
    const seen: string[] = [];
    addCustomSynthesis(asset, {
      onSynthesize: (session) => {
        seen.push(session.outdir);
        Annotations.of(new Construct(asset, 'added')).addWarning('added while synthesizing');
      },
    });
    stack.synthesizer.synthesize({ outdir: app.outdir, manifest: app.manifest, skipValidation: false });
    expect(seen).toEqual([app.outdir]);
    expect(app.manifest.forStack(stack).annotations.map((a) => [a.constructPath, a.message])).toEqual([
      [`${stack.node.id}/asset/added`, 'added while synthesizing'],
    ]);
  });

  test("aspects, resource moves and validations take effect as in cdktf's synthesizer", () => {
    const app = newApp();
    const stack = auditStack(app);
    const provider = stack.globalProvider;
    const bucket = new S3Bucket(stack, 'bucket', { provider, bucket: 'b' });
    const session = { outdir: app.outdir, manifest: app.manifest, skipValidation: false };
    const written = () =>
      JSON.parse(readFileSync(join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath), 'utf8'));
    // An aspect on a construct below the stack, which adds a construct of its own.
    const scope = new Construct(stack, 'scope');
    new S3Bucket(scope, 'inner', { provider, bucket: 'i' });
    Aspects.of(scope).add({
      visit: (node) => {
        if (node instanceof S3Bucket) node.addOverride('force_destroy', true);
        if (node === scope && !scope.node.tryFindChild('added'))
          new S3Bucket(scope, 'added', { provider, bucket: 'a' });
      },
    });
    stack.synthesizer.synthesize(session);
    const buckets = written().resource.aws_s3_bucket;
    expect(Object.keys(buckets).sort()).toEqual(['bucket', 'scope_added_16BDE499', 'scope_inner_C9DF4301'].sort());
    expect(buckets.bucket.force_destroy).toBeUndefined();
    expect(buckets.scope_inner_C9DF4301.force_destroy).toBe(true);
    // A resource move adds cdktf's Terraform version check.
    bucket.moveToId('aws_s3_bucket.elsewhere');
    const added = jest.spyOn(stack.node, 'addValidation');
    stack.synthesizer.synthesize(session);
    expect(added.mock.calls.map(([v]) => v.constructor.name)).toEqual(['ValidateTerraformVersion']);
    added.mockRestore();
    // A failing validation stops synthesis with cdktf's message.
    new Construct(stack, 'invalid').node.addValidation({ validate: () => ['no good', 'nor this'] });
    let cdktf: unknown;
    try {
      stack.runAllValidations();
    } catch (e) {
      cdktf = e;
    }
    expect(String(cdktf)).toContain(`[${stack.node.id}/invalid] no good\n  [${stack.node.id}/invalid] nor this`);
    expect(() => stack.synthesizer.synthesize(session)).toThrow((cdktf as Error).message);
  });
});
