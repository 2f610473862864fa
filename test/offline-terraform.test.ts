import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlanSummary } from '../src/terraform/run';
import { fixtures, providers, writeOutDir } from './fixtures/offline-stacks';
import { OVERRIDE_FILE, prepareOffline } from './support/offline-terraform';
import { startStsStub } from './support/sts-stub';

describe('parsePlanSummary', () => {
  it('reads add/change/destroy', () => {
    expect(parsePlanSummary('...\nPlan: 3 to add, 1 to change, 2 to destroy.\n')).toEqual({
      add: 3,
      change: 1,
      destroy: 2,
    });
  });
  it('tolerates import/forget counts', () => {
    expect(parsePlanSummary('Plan: 1 to import, 2 to add, 0 to change, 0 to destroy, 1 to forget.')).toEqual({
      add: 2,
      change: 0,
      destroy: 0,
    });
  });
  it('treats "No changes." as zeros and anything else as unknown', () => {
    expect(parsePlanSummary('\nNo changes. Your infrastructure matches the configuration.\n')).toEqual({
      add: 0,
      change: 0,
      destroy: 0,
    });
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
      expect(stub.requests.map((r) => r.action)).toEqual([
        'AssumeRole',
        'GetCallerIdentity',
        'GetCallerIdentity',
        'GetSessionToken',
      ]);
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
    expect(o.provider.aws[0]).toMatchObject({
      endpoints: [{ sts: 'http://127.0.0.1:1' }],
      skip_requesting_account_id: false,
      access_key: 'AKIDOFFLINE',
    });
    expect(o.provider.aws[0].assume_role).toBeUndefined(); // kept from cdk.tf.json by override merging
  });

  it('refuses a provider src/terraform/providers.ts does not declare (it would plan on real credentials)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-undeclared-'));
    const stack = {
      ...fixtures.good,
      provider: { aws: providers, google: { project: 'p', region: 'australia-southeast1' } },
    };
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
    expect(() => prepareOffline(dir, 'http://127.0.0.1:1', path.join(dir, 'state'))).toThrow(
      /provider "google" is not declared/,
    );
    expect(fs.existsSync(path.join(dir, OVERRIDE_FILE))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
