// How long a vendor's new parent image (and, for Windows, Microsoft's monthly release) takes to become a
// published golden AMI, with hand-computed expectations; the warning for a #n cron that runs before Patch
// Tuesday in some months; and managed-image parents with version filters.
import { goldenImageDelay } from '../src/compliance/golden-image-delay';
import { renderEvidence } from '../src/compliance/report';
import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { imageFactorySpec } from '../src/model/image-factory';
import type { OrgModel } from '../src/model';
import type { ImageFactory, Pipeline } from '../src/profile/profile.generated';
import { earlyPatchTuesdayRuns, parseSchedule, patchTuesday, releaseWaits } from '../src/schedule';
import { ACME, AS_OF, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { synth } from './support/synth';

const cron = (expr: string) => {
  const p = parseSchedule(expr, 'image-pipeline');
  if (!p.ok) throw new Error(p.message);
  return p.schedule;
};
const pipeline = (
  over: Partial<Pipeline> & { cron?: string; onlyWhenUpdatesAvailable?: boolean; maxBuildHours?: number },
): Pipeline =>
  ({
    os: 'windows-server-2022',
    architecture: 'x86_64',
    parentImage: { ssm: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base' },
    components: [{ aws: 'update-windows' }],
    schedule: {
      cron: over.cron ?? 'cron(0 12 ? * WED#2 *)',
      timezone: 'Australia/Sydney',
      onlyWhenUpdatesAvailable: over.onlyWhenUpdatesAvailable ?? false,
      maxBuildHours: over.maxBuildHours,
    },
    distribution: { regions: ['ap-southeast-2'] },
    retention: { keepLatest: 2 },
    ...over,
  }) as Pipeline;

// A stand-alone pipeline as the model resolves it (no sharing or copies, so the organization is never asked).
const ORG = {
  management: { id: '111111111111' },
  account: () => ({ id: '111111111111' }),
  baseDir: '.',
} as unknown as OrgModel;
const delay = (name: string, p: Pipeline, from: Date, days?: number) =>
  goldenImageDelay(
    imageFactorySpec(
      { account: 'factory', buildRegion: 'ap-southeast-2', pipelines: { [name]: p } } as ImageFactory,
      ORG,
      new Map(),
    ).pipelines[0],
    from,
    days,
  );

describe('Patch Tuesday: the second Tuesday, 10:00 Pacific', () => {
  test.each([
    // April and July 2026 start on a Wednesday: the second Tuesday is the 14th (PDT, UTC-7).
    [2026, 4, '2026-04-14T17:00:00.000Z'],
    [2026, 7, '2026-07-14T17:00:00.000Z'],
    // December 2026 starts on a Tuesday: the 8th, in PST (UTC-8).
    [2026, 12, '2026-12-08T18:00:00.000Z'],
    // September 2027 starts on a Wednesday: the 14th.
    [2027, 9, '2027-09-14T17:00:00.000Z'],
  ])('%i-%i', (y, m, iso) => expect(patchTuesday(y, m).toISOString()).toBe(iso));
});

describe('a WED#2 cron in April 2026 (a month that starts on a Wednesday)', () => {
  const from = new Date('2026-04-01T00:00:00Z');

  test('runs 6.6 days before the release, and the release waits 28 d 9 h for the May build', () => {
    const [april] = releaseWaits(cron('cron(0 12 ? * WED#2 *)'), 'Australia/Sydney', from, 30);
    // 8 April 12:00 AEST (UTC+10 since 5 April) = 02:00 UTC; the release is 14 April 17:00 UTC.
    expect(april.earlyRun!.toISOString()).toBe('2026-04-08T02:00:00.000Z');
    expect(april.release.toISOString()).toBe('2026-04-14T17:00:00.000Z');
    // Next run: 13 May 12:00 AEST = 02:00 UTC; 14 Apr 17:00 -> 13 May 02:00 is 28 days 9 hours.
    expect(april.next!.toISOString()).toBe('2026-05-13T02:00:00.000Z');
    expect(april.waitHours).toBe(28 * 24 + 9);
    expect(april.alsoRanAfter).toBe(false);
  });

  test('over 2026 the cron is early in April and July only (the months that start on a Wednesday), so it warns', () => {
    const early = earlyPatchTuesdayRuns(
      cron('cron(0 12 ? * WED#2 *)'),
      'Australia/Sydney',
      new Date('2026-01-01T00:00:00Z'),
      365,
    );
    expect(early.map((w) => w.earlyRun!.toISOString())).toEqual([
      '2026-04-08T02:00:00.000Z',
      '2026-07-08T02:00:00.000Z',
    ]);
  });

  test('the golden-image delay from the release is that wait plus the 12 h build bound', () => {
    const d = delay('win', pipeline({}), from, 31);
    expect(d.patchTuesday!.hours).toBe(681 + 12);
    expect(d.patchTuesday!.early.map((w) => w.release.toISOString())).toEqual(['2026-04-14T17:00:00.000Z']);
  });

  test('a weekly WED cron or a TUE#2 cron is consistent: no early months', () => {
    expect(earlyPatchTuesdayRuns(cron('cron(0 12 ? * WED *)'), 'Australia/Sydney', from, 365)).toEqual([]);
    // TUE#2 12:00 in Sydney is always before the release (Tuesday 10:00 Pacific is Wednesday morning in Sydney): consistently early, not a misfire.
    expect(earlyPatchTuesdayRuns(cron('cron(0 12 ? * TUE#2 *)'), 'Australia/Sydney', from, 365)).toEqual([]);
  });
});

describe('golden-image delay per pipeline', () => {
  const from = new Date(`${AS_OF}T00:00:00Z`);

  test("Acme windows-2022-base: 841 h longest gap (10 March to 14 April 2027, one hour of it DST) + 12 h; 692 h from September 2027's release", () => {
    const model = loadModel(ACME);
    const d = goldenImageDelay(
      model.imageFactory!.pipelines.find((p) => p.key === 'windows-2022-base')!,
      from,
    );
    expect([d.gapFrom!.toISOString(), d.gapTo!.toISOString()]).toEqual([
      '2027-03-10T01:00:00.000Z',
      '2027-04-14T02:00:00.000Z',
    ]);
    expect(d.gapHours).toBe(35 * 24 + 1);
    expect(d.hours).toBe(841 + 12);
    expect(d.everyRun).toBe(true);
    // Release 14 Sep 2027 17:00 UTC; next build 13 Oct 2027 12:00 AEDT = 01:00 UTC: 28 d 8 h = 680 h.
    expect(d.patchTuesday!.worst!.release.toISOString()).toBe('2027-09-14T17:00:00.000Z');
    expect(d.patchTuesday!.hours).toBe(680 + 12);
  });

  test('Acme al2023-base: weekly, 169 h across the April 2027 DST change + 12 h; no Patch Tuesday figure for Linux', () => {
    const model = loadModel(ACME);
    const d = goldenImageDelay(
      model.imageFactory!.pipelines.find((p) => p.key === 'al2023-base')!,
      from,
    );
    expect(d.gapHours).toBe(169);
    expect(d.hours).toBe(181);
    expect(d.patchTuesday).toBeUndefined();
    expect(d.everyRun).toBe(false);
  });

  test('the build bound comes from schedule.maxBuildHours when given', () => {
    // Weekly: the longest gap is the week across the April 2027 DST change, 169 h.
    expect(delay('w', pipeline({ cron: 'cron(0 12 ? * WED *)', maxBuildHours: 3 }), from).hours).toBe(169 + 3);
  });

  test('parents: ssm and x-filtered managed images track new versions; a fixed version or an AMI ID never does', () => {
    const p = (parentImage: Pipeline['parentImage']) =>
      delay('w', pipeline({ cron: 'cron(0 12 ? * WED *)', parentImage }), from);
    expect(p({ name: 'windows-server-2022-english-full-base' })).toMatchObject({
      tracksNewParent: true,
      parent: 'windows-server-2022-english-full-base/x.x.x',
      hours: 181,
    });
    expect(p({ name: 'windows-server-2022-english-full-base/2025.x.x' })).toMatchObject({
      tracksNewParent: true,
      hours: 181,
    });
    expect(p({ name: 'windows-server-2022-english-full-base/2025.1.0' })).toMatchObject({
      tracksNewParent: false,
      hours: Infinity,
    });
    expect(p({ ami: 'ami-0123456789abcdef0' }).reason).toMatch(
      /is fixed: a new vendor image never reaches this pipeline/,
    );
  });

  test('without update-windows the Patch Tuesday delay is not evidenced', () => {
    const d = delay('w', pipeline({ components: [{ aws: 'stig-build-windows-high' }] }), from);
    expect(d.patchTuesday!.hours).toBeUndefined();
    expect(d.patchTuesday!.notEvidenced).toMatch(/no update-windows component/);
  });
});

describe('the evidence report and validation', () => {
  test("Acme's report shows the delay beside OS currency, and says a failed build keeps the old AMI", () => {
    const md = renderEvidence(loadModel(ACME)).markdown;
    const section = md.slice(md.indexOf('## Standardized image creation'), md.indexOf('## Image and runtime scanning'));
    expect(section).toContain(
      '| windows-2022-base | every scheduled run builds (onlyWhenUpdatesAvailable: false), so a new value of ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base is in the next build | 841.0 h (35.0 days) (2027-03-10 12:00 +11:00 to 2027-04-14 12:00 +10:00) | 12.0 h (default) | 853.0 h (35.5 days) | 692.0 h (28.8 days): release 2027-09-14 10:00 -07:00, next build 2027-10-13 12:00 +11:00 + build 12.0 h |',
    );
    expect(section).toContain(
      '| al2023-base | a new value of ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 is a dependency update: the next scheduled run builds | 169.0 h (7.0 days)',
    );
    expect(section).toContain('A failed build publishes nothing: the AMI ID parameter keeps the previous golden AMI');
    expect(section).toContain(
      '**windows-2022-base** runs before Patch Tuesday in 1 month of the period: 2027-09-08 12:00 +10:00',
    );
    expect(section.indexOf('Golden-image delay')).toBeGreaterThan(section.indexOf('Operating system lifecycle'));
  });

  const warnings = (f: string, asOf: string) =>
    loadProfile(f, { asOf })
      .diagnostics.filter((d) => d.severity === 'warning' && d.path.startsWith('imageFactory.pipelines'))
      .map((d) => formatDiagnostic(d, '/').replace(/^.*?\.yaml:/, ''));

  test('Acme validates, with a warning at the WED#2 cron naming April and July 2026 (as of 2026-01-01)', () => {
    const r = loadProfile(ACME, { asOf: '2026-01-01' });
    expect(r.model).toBeDefined();
    expect(warnings(ACME, '2026-01-01')).toEqual([
      '118:15  imageFactory.pipelines.windows-2022-base.schedule.cron  warning: runs before Patch Tuesday in April 2026, July 2026: 2026-04-08 12:00 +10:00 is 6.6 days before Microsoft\'s release (2026-04-14 10:00 -07:00), so that month\'s updates wait 28.4 days for the next build. AWS cron cannot say "the day after the second Tuesday": build weekly (e.g. WED) or accept the delay in the evidence report',
    ]);
  });

  test('no warning for a weekly Windows cron, nor for WED#2 on a Linux pipeline', () => {
    expect(
      warnings(
        editedCopy(ACME, (t) => replaceOnce(t, 'WED#2', 'WED')),
        '2026-01-01',
      ),
    ).toEqual([]);
    const linux = editedCopy(ACME, (t) => replaceOnce(t, 'cron: cron(0 9 ? * TUE *)', 'cron: cron(0 9 ? * WED#2 *)'));
    expect(warnings(linux, '2026-01-01').filter((w) => w.includes('al2023-base'))).toEqual([]);
  });

  test('managed-image parents: the version filter reaches the recipe; a filter with an inner wildcard is refused', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        'ssm: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        'name: amazon-linux-2023-x86/2025.x.x',
      ),
    );
    const recipe = synth(f)
      .resources('shared-services-image-factory', 'aws_imagebuilder_image_recipe')
      .find(([id]) => id.startsWith('pipeline-al2023-base_'))![1];
    expect(recipe.parent_image).toBe('arn:aws:imagebuilder:ap-southeast-2:aws:image/amazon-linux-2023-x86/2025.x.x');
    const bad = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        'ssm: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        'name: amazon-linux-2023-x86/x.1.x',
      ),
    );
    expect(
      loadProfile(bad, { asOf: AS_OF })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.path),
    ).toEqual(['imageFactory.pipelines.al2023-base.parentImage.name']);
  });
});
