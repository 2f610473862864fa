// Retention as the synthesized lifecycle policies carry it: deletion never takes an AMI launched recently
// (default 30 days, profile-set), deprecation always ends in deletion, and what falls outside the policy
// (superseded recipe versions) is stated in the evidence.
import { renderEvidence } from '../src/compliance/report';
import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { synth, type Synthesized } from './support/synth';

const policy = (s: Synthesized, stack: string, p: string) =>
  s.resources(stack, 'aws_imagebuilder_lifecycle_policy').find(([id]) => id.startsWith(`retention_policy-${p}_`))![1];
const summary = (detail: any[]) =>
  detail.map((d) => ({
    action: d.action[0].type,
    filter: d.filter[0],
    keepLaunchedDays: d.exclusion_rules?.[0]?.amis?.[0]?.last_launched?.[0]?.value,
  }));

describe('default profile lifecycle policies', () => {
  const s = synth(DEFAULT_PROFILE);
  const stack = 'image-factory-image-factory';

  test("al2023-arm64: deprecate at 30 days, delete at the profile's 90, never an AMI launched within 30 days", () => {
    expect(summary(policy(s, stack, 'al2023-arm64').policy_detail)).toEqual([
      {
        action: 'DEPRECATE',
        filter: { type: 'AGE', value: 30, unit: 'DAYS', retain_at_least: 4 },
        keepLaunchedDays: undefined,
      },
      { action: 'DELETE', filter: { type: 'AGE', value: 90, unit: 'DAYS', retain_at_least: 4 }, keepLaunchedDays: 30 },
    ]);
  });

  test('windows-2025: deprecation at 45 days alone would keep images forever; they are deleted at 90 (twice the age)', () => {
    expect(summary(policy(s, stack, 'windows-2025').policy_detail)).toEqual([
      {
        action: 'DEPRECATE',
        filter: { type: 'AGE', value: 45, unit: 'DAYS', retain_at_least: 2 },
        keepLaunchedDays: undefined,
      },
      { action: 'DELETE', filter: { type: 'AGE', value: 90, unit: 'DAYS', retain_at_least: 2 }, keepLaunchedDays: 30 },
    ]);
  });

  test('every DELETE in every policy carries the last-launched exclusion on AMIs', () => {
    for (const [, p] of s.resources(stack, 'aws_imagebuilder_lifecycle_policy')) {
      for (const d of p.policy_detail.filter((x: any) => x.action[0].type === 'DELETE')) {
        expect(d.exclusion_rules).toEqual([{ amis: [{ last_launched: [{ unit: 'DAYS', value: 30 }] }] }]);
      }
    }
  });
});

describe('retention options', () => {
  test('keepLaunchedWithinDays sets the exclusion; an explicit deleteAfterDays replaces the default', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        '        keepLatest: 3\n        deprecateAfterDays: 60\n',
        '        keepLatest: 3\n        deprecateAfterDays: 60\n        deleteAfterDays: 400\n        keepLaunchedWithinDays: 90\n',
      ),
    );
    const s = synth(f);
    expect(summary(policy(s, 'shared-services-image-factory', 'al2023-base').policy_detail)[1]).toEqual({
      action: 'DELETE',
      filter: { type: 'AGE', value: 400, unit: 'DAYS', retain_at_least: 3 },
      keepLaunchedDays: 90,
    });
  });

  test('deprecation at 1000 days leaves no room for the default deletion: a warning naming the pipeline, and no DELETE', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(t, '        deprecateAfterDays: 60\n', '        deprecateAfterDays: 1000\n'),
    );
    const r = loadProfile(f, { asOf: AS_OF });
    expect(
      r.diagnostics
        .filter((d) => d.path.includes('retention'))
        .map((d) => formatDiagnostic(d, '/').replace(/^.*?\.yaml:/, '')),
    ).toEqual([
      '81:29  imageFactory.pipelines.al2023-base.retention.deprecateAfterDays  warning: pipeline images are deprecated after 1000 days and never deleted: deprecated images stay shared and launchable by ID. Deprecate earlier so they are deleted at twice that age, or set deleteAfterDays',
    ]);
    expect(
      summary(policy(synth(r.model!), 'shared-services-image-factory', 'al2023-base').policy_detail).map(
        (d) => d.action,
      ),
    ).toEqual(['DEPRECATE']);
  });

  test('keepLaunchedWithinDays beyond what Image Builder takes is refused at its position', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        '        keepLatest: 2\n        deprecateAfterDays: 45\n',
        '        keepLatest: 2\n        deprecateAfterDays: 45\n        keepLaunchedWithinDays: 400\n',
      ),
    );
    expect(
      loadProfile(f, { asOf: AS_OF })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => `${d.line}:${d.col} ${d.path}`),
    ).toEqual(['130:33 imageFactory.pipelines.windows-2022-base.retention.keepLaunchedWithinDays']);
  });
});

test('the evidence states what is kept, deprecated, deleted, and that superseded recipe versions are not retired', () => {
  const md = renderEvidence(loadModel(ACME)).markdown;
  expect(md).toContain(
    'keep 3 newest, deprecate after 60 d, delete after 120 d (default: twice the deprecation age), never delete an AMI launched within 30 d, images of superseded recipe versions: not retired automatically (manual step in the README)',
  );
  expect(md).toContain('keep 2 newest, delete the rest, never delete an AMI launched within 30 d');
});
