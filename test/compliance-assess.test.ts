// The Essential Eight assessment of the example profiles, and profile mutations that must flip the right
// requirement.
import { assess, type Assessment, type Status } from '../src/compliance/assess';
import { osRelease, releaseAge, supportPhase } from '../src/compliance/os-lifecycle';
import { REQUIREMENTS } from '../src/compliance/requirements';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';

const statuses = (a: Assessment) => Object.fromEntries(a.requirements.map((r) => [r.label, r.status]));
const status = (a: Assessment, label: string): Status => a.requirements.find((r) => r.label === label)!.status;
/** Requirement labels whose status differs between two assessments. */
const flipped = (before: Assessment, after: Assessment) => {
  const b = statuses(before);
  return Object.entries(statuses(after))
    .filter(([k, v]) => b[k] !== v)
    .map(([k, v]) => `${k}: ${b[k]} -> ${v}`);
};
const acme = assess(loadModel(ACME));
/** An Amazon Linux 2 baseline like the AL2023 one, as an estate running AL2 would have. */
const AL2_BASELINE = `  baselines:
    amazon-linux-2:
      os: AMAZON_LINUX_2
      rules:
        - classification: [Security]
          severity: [Critical, Important]
          approveAfterDays: 0
          complianceLevel: CRITICAL
          expedite: true
        - classification: [Security, Bugfix]
          severity: [Medium, Low]
          approveAfterDays: 5
          complianceLevel: MEDIUM
`;
const withAl2 = (t: string) =>
  replaceOnce(replaceOnce(t, '  pipelines:\n', AL2_PIPELINE), '  baselines:\n', AL2_BASELINE);
const mutated = (edit: (t: string) => string) => assess(loadModel(editedCopy(ACME, edit)));

const AL2_PIPELINE = `  pipelines:
    al2-legacy:
      os: amazon-linux-2
      architecture: x86_64
      parentImage:
        ssm: /aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2
      components:
        - aws: update-linux
      schedule:
        cron: cron(0 9 ? * TUE *)
      distribution:
        regions: [ap-southeast-2]
      retention:
        keepLatest: 2
`;

describe('Acme as of 2026-11-24', () => {
  test('meets ML2; ML3 is not met because of ISM-1696 and the drivers/firmware controls it cannot assess', () => {
    expect(acme.achieved).toBe(2);
    expect(acme.levels.map((l) => l.met)).toEqual([true, true, false]);
    expect(acme.levels[2].blockers.map((b) => [b.label, b.status])).toEqual([
      ['ISM-1696', 'not-met'],
      ['ISM-1703', 'not-assessable'],
      ['ISM-1900', 'not-assessable'],
      ['ISM-1879', 'not-assessable'],
      ['ISM-1697', 'not-assessable'],
      ['ISM-1903', 'not-assessable'],
      ['ISM-1904', 'not-assessable'],
    ]);
  });

  test('headline worst cases: internet-facing critical 26 h <= 48 h, other 292 h <= 2 weeks, the rest <= 1 month', () => {
    const worst = Object.fromEntries(acme.exposureTimeframes.map((t) => [`${t.exposure}/${t.cls}`, t.worst?.hours]));
    expect(worst).toEqual({
      'internet-facing/expedite': 26,
      'internet-facing/other': 292,
      'internal/expedite': 172,
      'internal/other': 292,
      'workstation/expedite': 172,
      'workstation/other': 292,
    });
    expect(
      acme.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'expedite')!.worst!.windows,
    ).toContain('expedite');
  });

  test('every requirement; EXC-2026-014 covers part of ISM-1877, ISM-1694 and ISM-1501 but none needs it, so they read "met"', () => {
    expect(statuses(acme)).toEqual({
      'ISM-1807': 'met',
      'ISM-1808': 'met',
      'ISM-1701': 'met',
      'ISM-1702': 'met',
      'ISM-1877': 'met',
      'ISM-1694': 'met',
      'ISM-1695': 'met',
      'ISM-1696': 'not-met',
      'ISM-1902': 'met',
      'ISM-1703': 'not-assessable',
      'ISM-1900': 'not-assessable',
      'ISM-1879': 'not-assessable',
      'ISM-1697': 'not-assessable',
      'ISM-1903': 'not-assessable',
      'ISM-1904': 'not-assessable',
      'ISM-1501': 'met',
      'ISM-1407': 'met',
    });
    // The exemption is narrowed to the hsm-bridge instances: it touches these requirements, waives no failing
    // subject, so it is listed (covers part of the scope) and not needed.
    for (const id of ['ISM-1877', 'ISM-1694', 'ISM-1501'])
      expect(acme.requirements.find((r) => r.label === id)).toMatchObject({ exemptions: ['EXC-2026-014'], needed: [] });
    // EXC-2026-014 is narrowed to the hsm-bridge instances of an internet-facing account: it does not touch
    // the internal-only ISM-1695.
    expect(acme.requirements.find((r) => r.label === 'ISM-1695')!.exemptions).toEqual([]);
    expect(acme.exemptions).toEqual([expect.objectContaining({ state: 'active', reviewDue: '2027-03-30' })]);
  });

  test('scope: management and audit are internal and untargeted, so out of scope', () => {
    expect(acme.outOfScope.map((a) => a.alias)).toEqual(['management', 'audit']);
    expect(acme.inScope).toHaveLength(6);
  });
});

describe('the default profile meets its own target (ML2, enforced)', () => {
  const a = assess(loadModel(DEFAULT_PROFILE));
  test('ML2 met; the clinical-records exemption shows on ISM-1695 without being needed', () => {
    expect(a.enforce).toBe(true);
    expect(a.achieved).toBe(2);
    expect(a.requirements.find((r) => r.label === 'ISM-1695')).toMatchObject({
      status: 'met',
      exemptions: ['EXC-2026-003'],
      needed: [],
    });
    // Wattle's expedite lane covers workstations too: 26 h there; internal servers get the exploit lane's 39 h.
    const worst = Object.fromEntries(a.exposureTimeframes.map((t) => [`${t.exposure}/${t.cls}`, t.worst?.hours]));
    expect(worst).toMatchObject({
      'internet-facing/expedite': 26,
      'internet-facing/other': 292,
      'workstation/expedite': 26,
      'internal/expedite': 39,
    });
  });
});

describe('mutations flip the right requirement', () => {
  test('removing the expedite lane: ISM-1877 (internet-facing critical, 172 h > 48 h)', () => {
    const a = mutated((t) =>
      t.replace(/  # Every night, across all rings[\s\S]*?reboot: if-needed\n  scan:/, '  scan:'),
    );
    expect(flipped(acme, a)).toEqual(['ISM-1877: met -> not-met']);
    expect(
      a.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'expedite')!.worst!.hours,
    ).toBe(172);
    expect(a.achieved).toBe(0);
  });

  test('a monthly production ring: ISM-1694 (963 h > 2 weeks) and ISM-1695 (963 h > 1 month)', () => {
    // Other patches: 120 h approval + 840 h between first Saturdays + 3 h window = 963 h.
    const a = mutated((t) => replaceOnce(t, 'cron(0 2 ? * SAT *)', 'cron(0 2 ? * SAT#1 *)'));
    expect(flipped(acme, a)).toEqual([
      'ISM-1694: met -> not-met',
      'ISM-1695: met -> not-met',
      'ISM-1902: met -> not-met',
    ]);
    expect(a.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'other')!.worst!.hours).toBe(
      963,
    );
    // Critical patches in internet-facing accounts still ride the nightly lane.
    expect(status(a, 'ISM-1877')).toBe('met');
  });

  test('an approval delay of 30 days: ISM-1694 and ISM-1695 (720 + 169 + 3 = 892 h)', () => {
    const a = mutated((t) =>
      replaceOnce(
        t,
        'approveAfterDays: 5\n          complianceLevel: MEDIUM\n    ubuntu:',
        'approveAfterDays: 30\n          complianceLevel: MEDIUM\n    ubuntu:',
      ),
    );
    expect(flipped(acme, a)).toEqual([
      'ISM-1694: met -> not-met',
      'ISM-1695: met -> not-met',
      'ISM-1902: met -> not-met',
    ]);
    expect(a.exposureTimeframes.find((t) => t.exposure === 'internal' && t.cls === 'other')!.worst!.hours).toBe(892);
  });

  test('an approval delay of 30 days on an expedite rule: ISM-1877 and ISM-1695 (720 + 25 + 1 h, 720 + 169 + 3 h)', () => {
    const a = mutated((t) =>
      replaceOnce(
        t,
        'approveAfterDays: 0\n          complianceLevel: CRITICAL\n          expedite: true\n        - classification: [Security, Bugfix]',
        'approveAfterDays: 30\n          complianceLevel: CRITICAL\n          expedite: true\n        - classification: [Security, Bugfix]',
      ),
    );
    expect(flipped(acme, a)).toEqual(['ISM-1877: met -> not-met', 'ISM-1695: met -> not-met']);
    expect(
      a.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'expedite')!.worst!.hours,
    ).toBe(746);
  });

  test('a pipeline on Amazon Linux 2 (support ended 2026-06-30), patched by its own baseline: ISM-1501', () => {
    const a = mutated(withAl2);
    expect(flipped(acme, a)).toEqual(['ISM-1501: met -> not-met']);
    const r = a.requirements.find((x) => x.label === 'ISM-1501')!;
    expect(r.findings.filter((f) => !f.ok).map((f) => [f.subject, f.detail])).toEqual([
      ['al2-legacy', 'Amazon Linux 2: vendor security support ended 2026-06-30'],
    ]);
    // AL2 is still the previous Amazon Linux release, so ISM-1407 is unaffected; AL2 is the problem, not its age.
    expect(status(a, 'ISM-1407')).toBe('met');
    expect(a.achieved).toBe(0);
  });

  test('an AL2 pipeline without an AL2 baseline is patched by the AWS predefined one: timeframes fail too', () => {
    // AWS-AmazonLinux2DefaultPatchBaseline: Critical/Important security after 7 days, nothing else approved.
    const a = mutated((t) => replaceOnce(t, '  pipelines:\n', AL2_PIPELINE));
    // The pipeline shares its images with nobody: AL2 runs only where it is built, shared-services (internal), so
    // only the internal-server timeframes fail (other patches are never approved), not the internet-facing ones.
    expect(flipped(acme, a)).toEqual([
      'ISM-1695: met -> not-met',
      'ISM-1902: met -> not-met',
      'ISM-1501: met -> not-met',
    ]);
    expect(
      a.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'expedite')!.worst!.hours,
    ).toBe(26);
    // 168 h approval + 169 h production ring + 3 h: the lane installs nothing for AL2 (no expedite rule).
    expect(
      a.exposureOsTimeframes.find(
        (t) => t.exposure === 'internal' && t.os === 'AMAZON_LINUX_2' && t.cls === 'expedite',
      )!.worst,
    ).toMatchObject({
      hours: 340,
      account: { alias: 'shared-services' },
      delay: { baseline: 'AWS-AmazonLinux2DefaultPatchBaseline' },
    });
    // Shared with the workloads OU, it reaches the internet-facing accounts too, and fails ISM-1877 and ISM-1694 there.
    const shared = mutated((t) =>
      replaceOnce(
        t,
        '  pipelines:\n',
        AL2_PIPELINE.replace(
          '        regions: [ap-southeast-2]\n',
          '        regions: [ap-southeast-2]\n        shareWith: { organizationalUnits: [workloads] }\n',
        ),
      ),
    );
    expect(flipped(acme, shared)).toEqual([
      'ISM-1877: met -> not-met',
      'ISM-1694: met -> not-met',
      'ISM-1695: met -> not-met',
      'ISM-1902: met -> not-met',
      'ISM-1501: met -> not-met',
    ]);
    expect(
      shared.exposureTimeframes.find((t) => t.exposure === 'internet-facing' && t.cls === 'expedite')!.worst,
    ).toMatchObject({
      hours: 340,
      os: { os: 'AMAZON_LINUX_2', sources: ['pipeline al2-legacy shares its images here'] },
    });
  });

  test('an exemption for that pipeline waives ISM-1501; expired, it waives nothing (and fails validation)', () => {
    const exemption = (expires: string) => (t: string) =>
      withAl2(t) +
      `
  - id: EXC-2026-020
    title: Legacy AL2 image until the batch platform moves
    category: legacy-system
    scope: { pipeline: al2-legacy }
    waives: [unsupported-os]
    justification: Batch platform migration BATCH-7 completes in Q1 2027.
    compensatingControls: [No inbound network access]
    risk: medium
    approvedBy: ciso@acme.example
    approvedOn: 2026-07-01
    expires: ${expires}
    reviewEvery: 90d
    lastReviewed: 2026-09-30
`;
    const valid = loadModel(editedCopy(ACME, exemption('2027-01-31')));
    const waived = assess(valid);
    expect(status(waived, 'ISM-1501')).toBe('met-by-exemption');
    expect(
      waived.requirements.find((r) => r.label === 'ISM-1501')!.findings.find((f) => f.subject === 'al2-legacy'),
    ).toMatchObject({ ok: false, exemptedBy: 'EXC-2026-020' });
    expect(waived.achieved).toBe(2);

    // Expired on 2026-11-20: the loader refuses the profile...
    expect(() => loadModel(editedCopy(ACME, exemption('2026-11-20')))).toThrow(
      /exemptions\[1\]\.expires exemption EXC-2026-020 expired on 2026-11-20/,
    );
    // ...and the engine, given the same model with the expiry passed, no longer applies it.
    const exemptions = valid.exemptions.map((e, i) => (i === 1 ? { ...e, expires: '2026-11-20' } : e));
    const expired = assess({ ...valid, exemptions });
    expect(expired.exemptions.find((e) => e.exemption.id === 'EXC-2026-020')!.state).toBe('expired');
    expect(flipped(waived, expired)).toEqual(['ISM-1501: met-by-exemption -> not-met']);
    expect(expired.achieved).toBe(0);
  });

  test('an exemption narrowed by tags does not waive a failing account; a whole-account one does', () => {
    const noLane = (t: string) =>
      t.replace(/  # Every night, across all rings[\s\S]*?reboot: if-needed\n  scan:/, '  scan:');
    const narrowed = mutated(noLane);
    const f = narrowed.requirements
      .find((r) => r.label === 'ISM-1877')!
      .findings.find((x) => x.subject === 'payments-prod')!;
    expect([f.ok, f.exemptedBy]).toEqual([false, undefined]);
    const whole = mutated((t) => replaceOnce(noLane(t), '      tags: { app: hsm-bridge }\n', ''));
    const r = whole.requirements.find((x) => x.label === 'ISM-1877')!;
    expect(r.findings.find((f) => f.subject === 'payments-prod')).toMatchObject({
      ok: false,
      exemptedBy: 'EXC-2026-014',
    });
    expect(r.status).toBe('not-met'); // website-prod still fails
  });

  test('an exemption that is needed reads "met only by exemption"; one that is not, "met"', () => {
    // Without the lane, payments-prod fails ISM-1877 (172 h); with website-prod internal, payments-prod is the only
    // internet-facing account, so a whole-account EXC-2026-014 is what makes ISM-1877 met: needed.
    const needed = mutated((t) =>
      replaceOnce(
        replaceOnce(
          t.replace(/  # Every night, across all rings[\s\S]*?reboot: if-needed\n  scan:/, '  scan:'),
          '      tags: { app: hsm-bridge }\n',
          '',
        ),
        'website-prod: { id: "666666666666", ou: workloads-prod, exposure: internet-facing }',
        'website-prod: { id: "666666666666", ou: workloads-prod }',
      ),
    );
    expect(needed.requirements.find((r) => r.label === 'ISM-1877')).toMatchObject({
      status: 'met-by-exemption',
      exemptions: ['EXC-2026-014'],
      needed: ['EXC-2026-014'],
    });
    // The same whole-account exemption with the lane in place: ISM-1877 holds on its own (26 h), so "met".
    const notNeeded = mutated((t) => replaceOnce(t, '      tags: { app: hsm-bridge }\n', ''));
    expect(notNeeded.requirements.find((r) => r.label === 'ISM-1877')).toMatchObject({
      status: 'met',
      exemptions: ['EXC-2026-014'],
      needed: [],
    });
  });

  test('an account with no ring coverage: an untargeted internet-facing account fails ISM-1877 and ISM-1694', () => {
    const a = mutated((t) =>
      replaceOnce(
        t,
        'website-prod: { id: "666666666666", ou: workloads-prod, exposure: internet-facing }',
        'website-prod: { id: "666666666666", exposure: internet-facing }',
      ),
    );
    expect(flipped(acme, a)).toEqual(['ISM-1877: met -> not-met', 'ISM-1694: met -> not-met']);
    expect(
      a.requirements.find((r) => r.label === 'ISM-1877')!.findings.find((f) => f.subject === 'website-prod')!.detail,
    ).toMatch(/not in patching.targets/);
  });

  test('no Inspector EC2 scanning and a weekly scan association: ISM-1808 and ISM-1701 fail, ISM-1702 holds', () => {
    const a = mutated((t) =>
      replaceOnce(
        replaceOnce(t, 'autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [ecr, lambda]'),
        'schedule: rate(1 day)',
        'schedule: rate(7 days)',
      ),
    );
    expect(flipped(acme, a)).toEqual(['ISM-1808: met -> not-met', 'ISM-1701: met -> not-met']);
  });
});

describe('OS lifecycle', () => {
  test('Amazon Linux 2 is past end of support on 2026-11-24; AL2023 is in standard support', () => {
    expect(supportPhase(osRelease('amazon-linux-2'), AS_OF)).toBe('unsupported');
    expect(supportPhase(osRelease('amazon-linux-2'), '2026-06-30')).toBe('standard'); // its last day
    expect(supportPhase(osRelease('amazon-linux-2'), '2026-07-01')).toBe('unsupported');
    expect(supportPhase(osRelease('amazon-linux-2023'), AS_OF)).toBe('standard');
    expect(supportPhase(osRelease('windows-server-2016'), AS_OF)).toBe('security-only'); // extended support to 2027-01-12
    expect(supportPhase(osRelease('ubuntu-20.04'), AS_OF)).toBe('unsupported'); // ESM needs Ubuntu Pro
  });

  test('latest or previous release (ISM-1407) as of 2026-11-24', () => {
    const age = (os: string) => releaseAge(osRelease(os), AS_OF);
    expect([
      age('ubuntu-24.04'),
      age('ubuntu-22.04'),
      age('windows-server-2025'),
      age('windows-server-2022'),
      age('windows-server-2019'),
      age('rhel-9'),
      age('rhel-8'),
    ]).toEqual([1, 2, 0, 1, 2, 1, 2]);
    // Before 26.04 was released, 24.04 was the latest.
    expect(releaseAge(osRelease('ubuntu-24.04'), '2026-01-01')).toBe(0);
  });

  test('every OS a pipeline can name has a lifecycle entry', () => {
    const schema = require('../schemas/profile.schema.json');
    for (const os of schema.definitions.pipeline.properties.os.enum as string[])
      expect(() => osRelease(os)).not.toThrow();
  });
});

describe('requirements data', () => {
  test('2023-11: ML1 and ML2 hold the same eight controls; ML3 adds 1407, 1696, 1902 and six drivers/firmware controls', () => {
    const ids = (l: 1 | 2 | 3) =>
      REQUIREMENTS['2023-11']
        .filter((r) => r.levels.includes(l))
        .map((r) => r.id)
        .sort();
    expect(ids(1)).toEqual([
      'ISM-1501',
      'ISM-1694',
      'ISM-1695',
      'ISM-1701',
      'ISM-1702',
      'ISM-1807',
      'ISM-1808',
      'ISM-1877',
    ]);
    expect(ids(2)).toEqual(ids(1));
    expect(ids(3)).toEqual([
      'ISM-1407',
      'ISM-1501',
      'ISM-1694',
      'ISM-1696',
      'ISM-1697',
      'ISM-1701',
      'ISM-1702',
      'ISM-1703',
      'ISM-1807',
      'ISM-1808',
      'ISM-1877',
      'ISM-1879',
      'ISM-1900',
      'ISM-1902',
      'ISM-1903',
      'ISM-1904',
    ]);
  });

  test('2021-07 ML3: two weeks or 48 h if an exploit exists everywhere; scans daily and weekly', () => {
    const m = loadModel(editedCopy(ACME, (t) => replaceOnce(t, 'edition: 2023-11', 'edition: 2021-07')));
    const a = assess(m);
    expect(statuses(a)).toEqual({
      'ISM-1694': 'met',
      'ISM-1695 (ML1)': 'met',
      'ISM-1695 (ML2)': 'met',
      'ISM-1696': 'not-met',
      'ISM-1701': 'met',
      'ISM-1702 (ML2)': 'met',
      'ISM-1702 (ML3)': 'met',
      'ISM-1407': 'met',
      'ISM-1501': 'met',
    });
    // No drivers/firmware controls in 2021-07: ML3 fails only on the 48 h for non-internet-facing systems.
    expect(a.levels[2].blockers.map((b) => b.label)).toEqual(['ISM-1696']);
    expect(a.achieved).toBe(2);
  });
});
