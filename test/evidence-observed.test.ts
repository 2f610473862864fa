// `patchline evidence observed` on hand-made data with hand-computed expectations, bad input, and the seeded
// organization (determinism, and that it shows what the generator planted).
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { evidenceObserved } from '../src/cli/evidence';
import { analyse, lifecycleOs, percentile } from '../src/evidence/observed/analyse';
import { collect } from '../src/evidence/observed/collect';
import { classifyKey, ssmKey } from '../src/evidence/observed/layout';
import { parseTime, splitJsonValues } from '../src/evidence/observed/records';
import { localSource, parseS3Url } from '../src/evidence/observed/source';
import { OBSERVED_FILES } from '../src/evidence/observed/render';
import { ACME, loadModel } from './support/profiles';
import {
  addFindingEvents,
  addInstance,
  findingEvent,
  generateOrganization,
  writeFiles,
  type Files,
} from './support/observed-data';

const t = (s: string) => Date.parse(s);
const PAY = '444444444444'; // payments-prod, internet-facing
const NONPROD = '555555555555'; // payments-nonprod, internal
const WEB = '666666666666'; // website-prod, internet-facing
const R = 'ap-southeast-2';
const I1 = 'i-00000000000000001';
const I2 = 'i-00000000000000002';
const I3 = 'i-00000000000000003';
const I4 = 'i-00000000000000004';

const sink = () => {
  let text = '';
  return {
    write: (s: string) => {
      text += s;
      return true;
    },
    text: () => text,
    isTTY: false,
  };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'patchline-observed-'));

/** The small organization every expectation below is computed from by hand. */
function fixture(): Files {
  const files: Files = new Map();
  // 1. payments-prod web server: a critical released 2026-11-20 still open (120 h > 48 h), a missing patch seen 14 h ago.
  addInstance(files, {
    accountId: PAY,
    region: R,
    instanceId: I1,
    platformName: 'Amazon Linux',
    platformVersion: '2023',
    captureTime: t('2026-11-24T10:00:00Z'),
    lastScan: t('2026-11-24T10:00:00Z'),
    tags: { 'patch-ring': 'production' },
    patches: [
      { Id: 'ALAS2023-2026-999', Severity: 'CRITICAL', PatchSeverity: 'Critical', PatchState: 'Missing' },
      { Id: 'ALAS2023-2026-100', Severity: 'MEDIUM', PatchState: 'Installed' },
    ],
  });
  // 2. the HSM bridge: Windows Server 2016, a high finding 1,320 h old, waived by EXC-2026-014 (account + app=hsm-bridge).
  addInstance(files, {
    accountId: PAY,
    region: R,
    instanceId: I2,
    platformName: 'Microsoft Windows Server 2016 Datacenter',
    platformVersion: '10.0.14393',
    captureTime: t('2026-11-24T08:00:00Z'),
    lastScan: t('2026-11-24T08:00:00Z'),
    tags: { 'patch-ring': 'production', app: 'hsm-bridge' },
    patches: [],
  });
  // 3. payments-nonprod: last scan 2026-11-05 (480 h > 336 h fortnightly), no ring tag.
  addInstance(files, {
    accountId: NONPROD,
    region: R,
    instanceId: I3,
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    captureTime: t('2026-11-05T00:00:00Z'),
    lastScan: t('2026-11-05T00:00:00Z'),
    tags: { Name: 'batch' },
    patches: [],
  });
  const events = [
    {
      at: t('2026-11-20T06:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I1,
        id: 'f1',
        cve: 'CVE-2026-1111',
        status: 'ACTIVE',
        severity: 'CRITICAL',
        firstObservedAt: t('2026-11-20T06:00:00Z'),
        updatedAt: t('2026-11-20T06:00:00Z'),
        vendorCreatedAt: t('2026-11-20T00:00:00Z'),
        tags: { 'patch-ring': 'production' },
      }),
    },
    {
      at: t('2026-10-02T00:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I2,
        id: 'f2',
        cve: 'CVE-2026-2222',
        status: 'ACTIVE',
        severity: 'HIGH',
        firstObservedAt: t('2026-10-02T00:00:00Z'),
        updatedAt: t('2026-10-02T00:00:00Z'),
        vendorCreatedAt: t('2026-10-01T00:00:00Z'),
        platform: 'WINDOWS_SERVER_2016',
      }),
    },
    // 4. website-prod: only Inspector knows this instance (first observed 24 h ago, no vendor date).
    {
      at: t('2026-11-24T00:00:00Z'),
      event: findingEvent({
        accountId: WEB,
        region: R,
        instanceId: I4,
        id: 'f4',
        cve: 'CVE-2026-4000',
        status: 'ACTIVE',
        severity: 'MEDIUM',
        firstObservedAt: t('2026-11-24T00:00:00Z'),
        updatedAt: t('2026-11-24T00:00:00Z'),
        consoleTimes: true,
      }),
    },
    // 5. closed inside: released 11-10 00:00, seen 06:00, closed 11-11 06:00 → 30 h from release (≤ 48), 24 h from first seen.
    {
      at: t('2026-11-10T06:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I1,
        id: 'f5',
        cve: 'CVE-2026-3333',
        status: 'ACTIVE',
        severity: 'CRITICAL',
        firstObservedAt: t('2026-11-10T06:00:00Z'),
        updatedAt: t('2026-11-10T06:00:00Z'),
        vendorCreatedAt: t('2026-11-10T00:00:00Z'),
      }),
    },
    {
      at: t('2026-11-11T06:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I1,
        id: 'f5',
        cve: 'CVE-2026-3333',
        status: 'CLOSED',
        severity: 'CRITICAL',
        firstObservedAt: t('2026-11-10T06:00:00Z'),
        updatedAt: t('2026-11-11T06:00:00Z'),
        vendorCreatedAt: t('2026-11-10T00:00:00Z'),
      }),
    },
    // 6. closed outside: exploited high, released 11-01 00:00, seen 12:00, closed 11-05 12:00 → 108 h from release, 96 h from first seen.
    {
      at: t('2026-11-05T12:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I1,
        id: 'f6',
        cve: 'CVE-2026-4444',
        status: 'CLOSED',
        severity: 'HIGH',
        exploitAvailable: true,
        firstObservedAt: t('2026-11-01T12:00:00Z'),
        updatedAt: t('2026-11-05T12:00:00Z'),
        vendorCreatedAt: t('2026-11-01T00:00:00Z'),
      }),
    },
  ];
  addFindingEvents(files, events);
  // 7. a truncated sync object.
  files.set(
    ssmKey('AWS:ComplianceItem', WEB, R, 'i-00000000000000005'),
    Buffer.from('{"ComplianceType":"Patch","Id":"KB50'),
  );
  return files;
}

describe('observed evidence on a hand-made organization (Acme, as of 2026-11-24)', () => {
  const model = loadModel(ACME);
  const dir = tmp();
  writeFiles(dir, fixture());
  let o: Awaited<ReturnType<typeof evidenceObserved>>;
  const out = join(tmp(), 'evidence');
  const stdout = sink();
  beforeAll(async () => {
    o = await evidenceObserved({ model, from: dir, out, stdout, stderr: sink() });
  });

  test('the late critical on the internet-facing instance: 120 h against 48 h, aged from vendor release', () => {
    const late = o.observed!.open.filter((x) => x.late);
    const f1 = late.find((x) => x.id === 'CVE-2026-1111')!;
    expect(f1).toMatchObject({
      exposure: 'internet-facing',
      account: 'payments-prod',
      instanceId: I1,
      source: 'inspector',
      cls: 'expedite',
      ageHours: 120,
      deadlineHours: 48,
      basis: 'vendor-release',
      os: 'Amazon Linux 2023',
    });
    expect(f1.exemptedBy).toBeUndefined();
  });

  test("the HSM bridge's late finding is listed with the exemption that waives it", () => {
    const f2 = o.observed!.open.find((x) => x.id === 'CVE-2026-2222')!;
    expect(f2).toMatchObject({
      late: true,
      ageHours: 1320,
      deadlineHours: 336,
      cls: 'other',
      exemptedBy: 'EXC-2026-014',
    });
  });

  test('the missing patch seen 14 h ago is open but within its deadline', () => {
    expect(o.observed!.open.find((x) => x.id === 'ALAS2023-2026-999')).toMatchObject({
      source: 'patch-manager',
      ageHours: 14,
      late: false,
      basis: 'first-observed',
    });
  });

  test('stale scan: 480 h since the last scan of an internal instance, against fortnightly (336 h); it is outside every ring too', () => {
    expect(o.observed!.staleScans).toEqual([
      {
        exposure: 'internal',
        accountId: NONPROD,
        region: R,
        instanceId: I3,
        scanner: 'patch-manager',
        ageHours: 480,
        maxGapHours: 336,
        exemptedBy: undefined,
      },
    ]);
    expect(o.observed!.outsideRings.map((x) => x.instanceId)).toEqual([I3]);
  });

  test('an instance only Inspector knows is unknown, never compliant', () => {
    expect(o.observed!.unknown).toEqual([
      expect.objectContaining({
        accountId: WEB,
        instanceId: I4,
        detail: expect.stringMatching(/no Systems Manager data/),
      }),
    ]);
  });

  test('closed findings: one inside and one outside 48 h; percentiles from first observed, p90 from release', () => {
    const r = o.observed!.remediation.find((x) => x.exposure === 'internet-facing' && x.cls === 'expedite')!;
    expect(r).toMatchObject({
      deadlineHours: 48,
      count: 2,
      withinDeadline: 1,
      p50Hours: 24,
      p90Hours: 96,
      maxHours: 96,
      fromReleaseCount: 2,
      fromReleaseP90Hours: 108,
    });
    expect(r.designedWorstHours).toBeGreaterThan(0);
  });

  test('the truncated object is listed by key and the rest still counts; gaps name every patching region without data', () => {
    expect(o.observed!.malformed).toEqual([
      { key: ssmKey('AWS:ComplianceItem', WEB, R, 'i-00000000000000005'), reason: 'truncated or not JSON' },
    ]);
    expect(o.observed!.gaps).toEqual([
      'shared-services (333333333333) ap-southeast-2',
      'shared-services (333333333333) ap-southeast-4',
      'payments-prod (444444444444) ap-southeast-4',
      'payments-nonprod (555555555555) ap-southeast-4',
      'website-prod (666666666666) ap-southeast-2',
      'website-prod (666666666666) ap-southeast-4',
      'data-platform-prod (777777777777) ap-southeast-2',
      'corp-desktops (888888888888) ap-southeast-2',
    ]);
  });

  test('exit 1 with two breaches (the late critical and the stale scan; the exempted one does not count), three files written', () => {
    expect(o.observed!.breaches).toBe(2);
    expect(o.code).toBe(1);
    const md = readFileSync(join(out, OBSERVED_FILES.markdown), 'utf8');
    expect(md).toContain('**2 breaches**');
    expect(md).toMatch(
      /\| internet-facing \| Amazon Linux 2023 \| payments-prod \(444444444444\) \| ap-southeast-2 i-00000000000000001 \| inspector \| CVE-2026-1111 \| CRITICAL \| 120\.0 h \(5\.0 days\) \| 48\.0 h \(2\.0 days\) \| vendor-release \| – \|/,
    );
    expect(JSON.parse(readFileSync(join(out, OBSERVED_FILES.json), 'utf8')).breaches).toBe(2);
    expect(readFileSync(join(out, OBSERVED_FILES.svg), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
    expect(stdout.text()).toMatch(/2 breaches/);
  });
});

test('a suppressed finding is hidden, not fixed: it stays open and late', async () => {
  const files: Files = new Map();
  addFindingEvents(files, [
    {
      at: t('2026-11-01T00:00:00Z'),
      event: findingEvent({
        accountId: PAY,
        region: R,
        instanceId: I1,
        id: 's1',
        cve: 'CVE-2026-5555',
        status: 'SUPPRESSED',
        severity: 'CRITICAL',
        firstObservedAt: t('2026-11-01T00:00:00Z'),
        updatedAt: t('2026-11-02T00:00:00Z'),
      }),
    },
  ]);
  const dir = tmp();
  writeFiles(dir, files);
  const o = analyse(loadModel(ACME), await collect(localSource(dir)), { periodDays: 90, source: dir });
  expect(o.open).toEqual([
    expect.objectContaining({
      id: 'CVE-2026-5555',
      severity: 'CRITICAL (suppressed)',
      late: true,
      ageHours: 24 * 24,
      basis: 'first-observed',
    }),
  ]);
});

describe('unusable input exits 2 and writes nothing', () => {
  const model = loadModel(ACME);
  test.each([
    ['a directory that does not exist', () => join(tmp(), 'missing'), /is not a directory/],
    [
      'a directory with no evidence objects',
      () => {
        const d = tmp();
        writeFileSync(join(d, 'README.txt'), 'hello');
        return d;
      },
      /holds no evidence objects/,
    ],
    [
      'only unreadable objects',
      () => {
        const d = tmp();
        mkdirSync(join(d, 'inspector/2026/11/24'), { recursive: true });
        writeFileSync(join(d, 'inspector/2026/11/24/x.gz'), Buffer.from([0x1f, 0x8b, 1, 2]));
        return d;
      },
      /none of its 1 evidence objects could be read/,
    ],
  ])('%s', async (_t, from, message) => {
    const out = join(tmp(), 'evidence');
    const stderr = sink();
    const r = await evidenceObserved({ model, from: from(), out, stdout: sink(), stderr });
    expect(r.code).toBe(2);
    expect(stderr.text()).toMatch(message);
    expect(stderr.text()).toMatch(/nothing was written/);
    expect(() => readFileSync(join(out, OBSERVED_FILES.json))).toThrow();
  });
});

describe('reading AWS formats', () => {
  test('sync keys by type, account, region and resource; findings by prefix', () => {
    expect(
      classifyKey(
        'ssm/AWS:ComplianceItem/accountid=123456789012/region=us-east-1/resourcetype=ManagedInstanceInventory/i-0abc.json',
      ),
    ).toEqual({
      kind: 'ssm',
      type: 'AWS:ComplianceItem',
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'ManagedInstanceInventory',
      resourceId: 'i-0abc',
    });
    expect(classifyKey('inspector/2026/11/24/patchline-inspector-findings-1-2026-11-24-00-00-00-x.gz')).toEqual({
      kind: 'findings',
    });
    expect(classifyKey('elsewhere/file.json')).toEqual({ kind: 'other' });
  });

  test("times: ISO 8601 and Inspector's console-style examples, as UTC", () => {
    expect(parseTime('2026-11-24T03:00:00Z')).toBe(t('2026-11-24T03:00:00Z'));
    expect(parseTime('Nov 24, 2026, 03:00:00.000')).toBe(t('2026-11-24T03:00:00Z'));
    expect(parseTime('Mar 1, 2022, 3:18:20 PM')).toBe(t('2022-03-01T15:18:20Z'));
    expect(parseTime('yesterday')).toBeUndefined();
  });

  test('Firehose records with or without delimiters; truncation and stray text detected', () => {
    expect(splitJsonValues('{"a":1}{"b":"}{"}\n{"c":[1,2]}')).toEqual({
      values: ['{"a":1}', '{"b":"}{"}', '{"c":[1,2]}'],
      truncated: false,
    });
    expect(splitJsonValues('{"a":1}{"b":').truncated).toBe(true);
    expect(splitJsonValues('{"a":1} garbage').truncated).toBe(true);
  });

  test('inventory platforms map onto the OS lifecycle table', () => {
    expect(lifecycleOs('Amazon Linux', '2023')).toBe('amazon-linux-2023');
    expect(lifecycleOs('Ubuntu', '20.04')).toBe('ubuntu-20.04');
    expect(lifecycleOs('Microsoft Windows Server 2016 Datacenter', '10.0.14393')).toBe('windows-server-2016');
    expect(lifecycleOs('Red Hat Enterprise Linux', '9.4')).toBe('rhel-9');
    expect(lifecycleOs('CentOS Linux', '7')).toBeUndefined();
  });

  test('nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 50)).toBe(5);
    expect(percentile([], 50)).toBeUndefined();
  });

  test('s3 URLs', () => {
    expect(parseS3Url('s3://patchline-evidence-222222222222-ap-southeast-2')).toEqual({
      bucket: 'patchline-evidence-222222222222-ap-southeast-2',
      prefix: '',
    });
    expect(parseS3Url('s3://b-1/some/prefix')).toEqual({ bucket: 'b-1', prefix: 'some/prefix/' });
    expect(parseS3Url('/tmp/x')).toBeUndefined();
  });
});

describe('a generated organization (seeded)', () => {
  const model = loadModel(ACME);
  const gen = generateOrganization(model, { seed: 42, instances: 400, days: 60 });
  const dir = tmp();
  writeFiles(dir, gen.files);

  test('the same data gives byte-identical reports, and the same seed the same data', async () => {
    const run = async () => {
      const out = join(tmp(), 'evidence');
      await evidenceObserved({ model, from: dir, out, days: 60, stdout: sink(), stderr: sink() });
      return Object.values(OBSERVED_FILES).map((f) => readFileSync(join(out, f), 'utf8'));
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    const again = generateOrganization(model, { seed: 42, instances: 400, days: 60 });
    expect([...again.files.keys()]).toEqual([...gen.files.keys()]);
    expect([...again.files.values()].every((v, i) => v.equals([...gen.files.values()][i]))).toBe(true);
  });

  test('shows what the generator planted: late items, closed findings, unknowns, untagged, stale, a gap, two bad objects', async () => {
    const c = await collect(localSource(dir));
    const o = analyse(model, c, { periodDays: 60, source: dir });
    expect(o.instances).toBeGreaterThan(390);
    expect(o.open.filter((x) => x.late).length).toBeGreaterThan(0);
    expect(o.remediation.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
    expect(o.unknown.length).toBeGreaterThan(0);
    expect(o.outsideRings.length).toBeGreaterThan(0);
    expect(o.staleScans.length).toBeGreaterThan(0);
    expect(o.unsupportedOs.some((x) => /Ubuntu 20\.04 LTS: vendor security support ended/.test(x.detail))).toBe(true);
    expect(o.gaps).toHaveLength(1);
    expect(o.malformed.map((m) => m.reason).sort()).toEqual([
      expect.stringMatching(/not valid GZIP/),
      'truncated or not JSON',
    ]);
  });
});

describe('reading s3://bucket/prefix (S3 client stubbed)', () => {
  test('every version of a sync object is read: a patch missing in an older version too is aged from it', async () => {
    const key = ssmKey('AWS:ComplianceItem', PAY, R, I1);
    const version = (at: string) =>
      Buffer.from(
        JSON.stringify({
          ComplianceType: 'Patch',
          Id: 'KB1',
          Status: 'NON_COMPLIANT',
          Severity: 'CRITICAL',
          PatchState: 'Missing',
          ExecutionTime: at,
          resourceId: I1,
          captureTime: at,
          schemaVersion: '1.0',
        }) + '\n',
      );
    const bodies: Record<string, Buffer> = {
      old: version('2026-11-20T00:00:00Z'),
      new: version('2026-11-24T00:00:00Z'),
    };
    const sent: string[] = [];
    const client = {
      send: async (cmd: any) => {
        const name = cmd.constructor.name;
        sent.push(
          `${name} ${cmd.input.Prefix ?? cmd.input.Key}${cmd.input.VersionId ? `@${cmd.input.VersionId}` : ''}`,
        );
        if (name === 'ListObjectVersionsCommand')
          return {
            Versions: [
              { Key: `evidence/${key}`, VersionId: 'new', IsLatest: true, Size: 1 },
              { Key: `evidence/${key}`, VersionId: 'old', IsLatest: false, Size: 1 },
            ],
            IsTruncated: false,
          };
        if (name === 'ListObjectsV2Command')
          return { Contents: [{ Key: `evidence/${key}`, Size: 1 }], IsTruncated: false };
        if (name === 'GetObjectCommand')
          return { Body: { transformToByteArray: async () => bodies[cmd.input.VersionId ?? 'new'] } };
        throw new Error(name);
      },
    };
    const { s3Source } = await import('../src/evidence/observed/source');
    const c = await collect(s3Source('s3://bucket-1/evidence', { client: client as any }));
    // Reads start while listing goes on; the current object is listed with its versions, never twice.
    expect(sent.sort()).toEqual([
      `GetObjectCommand evidence/${key}`,
      `GetObjectCommand evidence/${key}@old`,
      'ListObjectVersionsCommand evidence/ssm/',
      'ListObjectsV2Command evidence/',
    ]);
    const o = analyse(loadModel(ACME), c, { periodDays: 90, source: 's3://bucket-1/evidence' });
    expect(o.open).toEqual([
      expect.objectContaining({
        id: 'KB1',
        source: 'patch-manager',
        ageHours: 5 * 24,
        late: true,
        basis: 'first-observed',
      }),
    ]);
  });
});
