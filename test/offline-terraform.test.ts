import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlanSummary, type PlanEvent, type PlanResult } from '../src/terraform/run';
import { checkStacksOffline, OVERRIDE_FILE, prepareOffline, requireTerraformOrSkip } from './support/offline-terraform';
import { startStsStub } from './support/sts-stub';

// Provider start-up takes seconds per command; three stacks at parallelism 2 take ~20-30 s.
const TERRAFORM_TIMEOUT = 5 * 60_000;

const role = (account: string) => [{ role_arn: `arn:aws:iam::${account}:role/patchline-deploy` }];
const requiredProviders = { aws: { version: '5.100.0', source: 'aws' } };
const providers = [
  { alias: 'ap-southeast-2', region: 'ap-southeast-2', assume_role: role('111111111111'), default_tags: [{ tags: { app: 'patchline' } }] },
  { alias: 'us-east-1', region: 'us-east-1', assume_role: role('222222222222'), default_tags: [{ tags: { app: 'patchline' } }] },
];

/** Hand-written cdktf-style stacks. */
const fixtures: Record<string, object> = {
  good: {
    '//': { metadata: { stackName: 'good', backend: 's3' } },
    terraform: {
      required_providers: requiredProviders,
      backend: { s3: { bucket: 'patchline-state', key: 'good.tfstate', region: 'ap-southeast-2', encrypt: true } },
    },
    provider: { aws: providers },
    data: { aws_caller_identity: { us: { provider: 'aws.us-east-1' } } },
    resource: {
      aws_ssm_parameter: {
        syd: { provider: 'aws.ap-southeast-2', name: '/patchline/baseline', type: 'String', value: 'v1' },
        use1: { provider: 'aws.us-east-1', name: '/patchline/baseline', type: 'String', value: 'v1' },
      },
      aws_s3_bucket: { evidence: { provider: 'aws.us-east-1', bucket: 'patchline-evidence-222222222222' } },
    },
    output: { us_account: { value: '${data.aws_caller_identity.us.account_id}' } },
  },
  invalid: {
    terraform: { required_providers: requiredProviders, backend: { s3: { bucket: 'b', key: 'k', region: 'ap-southeast-2' } } },
    provider: { aws: providers.slice(0, 1) },
    resource: { aws_s3_bucket: { b: { provider: 'aws.ap-southeast-2', bucket: 'x', bucket_colour: 'blue' } } },
  },
  cloud: {
    terraform: {
      required_providers: requiredProviders,
      cloud: { organization: 'acme', workspaces: { name: 'patchline-cloud' } },
    },
    provider: { aws: providers.slice(0, 1) },
    resource: { aws_ssm_parameter: { p: { provider: 'aws.ap-southeast-2', name: '/p', type: 'String', value: 'v' } } },
  },
};

function writeOutDir(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-fixture-'));
  for (const [name, stack] of Object.entries(fixtures)) {
    fs.mkdirSync(path.join(outDir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  }
  return outDir;
}

describe('parsePlanSummary', () => {
  it('reads add/change/destroy', () => {
    expect(parsePlanSummary('...\nPlan: 3 to add, 1 to change, 2 to destroy.\n')).toEqual({ add: 3, change: 1, destroy: 2 });
  });
  it('tolerates import/forget counts', () => {
    expect(parsePlanSummary('Plan: 1 to import, 2 to add, 0 to change, 0 to destroy, 1 to forget.')).toEqual({ add: 2, change: 0, destroy: 0 });
  });
  it('treats "No changes." as zeros and anything else as unknown', () => {
    expect(parsePlanSummary('\nNo changes. Your infrastructure matches the configuration.\n')).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(parsePlanSummary('Error: something')).toBeUndefined();
  });
});

describe('sts stub', () => {
  const post = (url: string, body: string, accessKeyId = 'AKIDOFFLINE') =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });

  it('answers AssumeRole and GetCallerIdentity, rejects the rest', async () => {
    const stub = await startStsStub();
    try {
      const roleArn = encodeURIComponent('arn:aws:iam::333333333333:role/x');
      const assumed = await post(stub.url, `Action=AssumeRole&RoleArn=${roleArn}&RoleSessionName=s&Version=2011-06-15`);
      const xml = await assumed.text();
      expect(assumed.status).toBe(200);
      expect(xml).toContain('<Arn>arn:aws:sts::333333333333:assumed-role/x/s</Arn>');
      const keyId = /<AccessKeyId>(.+?)<\/AccessKeyId>/.exec(xml)![1];
      const expiry = Date.parse(/<Expiration>(.+?)<\/Expiration>/.exec(xml)![1]);
      expect(expiry - Date.now()).toBeGreaterThan(50 * 60_000);

      const asRole = await (await post(stub.url, 'Action=GetCallerIdentity&Version=2011-06-15', keyId)).text();
      expect(asRole).toContain('<Account>333333333333</Account>');
      const asBase = await (await post(stub.url, 'Action=GetCallerIdentity&Version=2011-06-15')).text();
      expect(asBase).toContain('<Account>123456789012</Account>');

      const other = await post(stub.url, 'Action=GetSessionToken&Version=2011-06-15');
      expect(other.status).toBe(400);
      expect(await other.text()).toContain('<Code>InvalidAction</Code>');
      expect(stub.requests.map((r) => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity', 'GetCallerIdentity', 'GetSessionToken']);
    } finally {
      await stub.close();
    }
  });
});

describe('prepareOffline', () => {
  it('writes only the override file, matching providers by alias', () => {
    const outDir = writeOutDir();
    const dir = path.join(outDir, 'stacks', 'good');
    const before = fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8');
    prepareOffline(dir, 'http://127.0.0.1:1', path.join(outDir, 'state'));
    expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).toBe(before);
    const o = JSON.parse(fs.readFileSync(path.join(dir, OVERRIDE_FILE), 'utf8'));
    fs.rmSync(outDir, { recursive: true, force: true });
    expect(Object.keys(o.terraform.backend)).toEqual(['local']);
    expect(o.provider.aws.map((p: { alias: string }) => p.alias)).toEqual(['ap-southeast-2', 'us-east-1']);
    expect(o.provider.aws[0]).toMatchObject({ endpoints: [{ sts: 'http://127.0.0.1:1' }], skip_requesting_account_id: false, access_key: 'AKIDOFFLINE' });
    expect(o.provider.aws[0].assume_role).toBeUndefined(); // kept from cdk.tf.json by override merging
  });

  it('refuses a provider src/terraform/providers.ts does not declare (it would plan on real credentials)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-undeclared-'));
    const stack = { ...fixtures.good, provider: { aws: providers, google: { project: 'p', region: 'australia-southeast1' } } };
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
    expect(() => prepareOffline(dir, 'http://127.0.0.1:1', path.join(dir, 'state'))).toThrow(/provider "google" is not declared/);
    expect(fs.existsSync(path.join(dir, OVERRIDE_FILE))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

requireTerraformOrSkip()('offline terraform (real binary, provider mirror, STS stub)', () => {
  let outDir: string;
  let workDir: string;
  let results: Record<string, PlanResult>;
  const events: PlanEvent[] = [];

  beforeAll(async () => {
    outDir = writeOutDir();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-offline-test-'));
    const list = await checkStacksOffline(outDir, { workDir, showJson: true, onEvent: (e) => events.push(e) });
    results = Object.fromEntries(list.map((r) => [r.stack, r]));
  }, TERRAFORM_TIMEOUT);

  afterAll(() => {
    for (const d of [outDir, workDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('validates and plans a stack with an S3 backend and two assumed-role providers', () => {
    const good = results.good;
    expect(good.output).toBe('');
    expect(good).toMatchObject({ ok: true, add: 3, change: 0, destroy: 0 });
    const plan = JSON.parse(fs.readFileSync(good.planJsonPath!, 'utf8'));
    // data.aws_caller_identity is read during plan: STS stub -> account of the assumed role.
    expect(plan.planned_values.outputs.us_account.value).toBe('222222222222');
    const phases = events.filter((e) => e.stack === 'good' && e.ok !== undefined).map((e) => e.phase);
    expect(phases).toEqual(['init', 'validate', 'plan', 'show', 'done']);
  });

  it('fails an invalid attribute at validate, with terraform\'s message', () => {
    expect(results.invalid).toMatchObject({ ok: false, failedPhase: 'validate' });
    expect(results.invalid.output).toContain('No argument or block type is named "bucket_colour"');
  });

  it('plans a stack whose backend is a terraform cloud block', () => {
    expect(results.cloud).toMatchObject({ ok: true, add: 1, output: '' });
  });

  it('leaves the synthesized output untouched', () => {
    expect(fs.readdirSync(path.join(outDir, 'stacks', 'good'))).toEqual(['cdk.tf.json']);
  });
});
