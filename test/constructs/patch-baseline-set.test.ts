import { PatchBaselineSet } from '../../stacks/constructs/patch-baseline-set';
import type { BaselineSpec } from '../../src/patching/baselines';
import { synthConstruct } from '../support/construct-harness';

const LINUX: BaselineSpec = {
  key: 'al2023',
  os: 'AMAZON_LINUX_2023',
  description: 'Security updates after 7 days',
  rules: [
    {
      filters: [
        { key: 'PRODUCT', values: ['*'] },
        { key: 'CLASSIFICATION', values: ['Security'] },
        { key: 'SEVERITY', values: ['Critical', 'Important'] },
      ],
      approveAfterDays: 7,
      complianceLevel: 'CRITICAL',
      enableNonSecurity: false,
      expedite: true,
    },
  ],
  approvedPatches: [],
  rejectedPatches: ['kernel-6.1.0-1'],
  rejectedPatchesAction: 'BLOCK',
};
const WINDOWS: BaselineSpec = {
  key: 'windows',
  os: 'WINDOWS',
  rules: [
    {
      filters: [
        { key: 'PRODUCT', values: ['*'] },
        { key: 'MSRC_SEVERITY', values: ['Critical'] },
      ],
      approveUntilDate: '2025-01-31',
      complianceLevel: 'HIGH',
      enableNonSecurity: false,
      expedite: false,
    },
  ],
  approvedPatches: ['KB5000001'],
  approvedPatchesComplianceLevel: 'CRITICAL',
  rejectedPatches: [],
  rejectedPatchesAction: 'ALLOW_AS_DEPENDENCY',
};
const build = (baselines: BaselineSpec[]) =>
  synthConstruct(
    (stack, provider) => new PatchBaselineSet(stack, 's', { provider, baselines, nameOf: (k) => `patchline-${k}` }),
  );

describe('PatchBaselineSet', () => {
  const out = build([LINUX, WINDOWS]);
  const baseline = (os: string) => out.all('aws_ssm_patch_baseline').find((b) => b.operating_system === os);

  test("each baseline is registered as its OS's default (so AWS-RunPatchBaseline uses it without patch groups)", () => {
    const defaults = out.all('aws_ssm_default_patch_baseline');
    expect(defaults).toHaveLength(2);
    for (const os of ['AMAZON_LINUX_2023', 'WINDOWS']) {
      expect(defaults.find((d) => d.operating_system === os).baseline_id).toBe(
        out.ref('aws_ssm_patch_baseline', baseline(os), 'id'),
      );
    }
  });

  test('approval rules carry the filters, delay or cut-off date, compliance level and non-security switch', () => {
    expect(baseline('AMAZON_LINUX_2023')).toMatchObject({
      name: 'patchline-al2023',
      description: 'Security updates after 7 days',
      approval_rule: [
        {
          patch_filter: [
            { key: 'PRODUCT', values: ['*'] },
            { key: 'CLASSIFICATION', values: ['Security'] },
            { key: 'SEVERITY', values: ['Critical', 'Important'] },
          ],
          approve_after_days: 7,
          compliance_level: 'CRITICAL',
          enable_non_security: false,
        },
      ],
      rejected_patches: ['kernel-6.1.0-1'],
      rejected_patches_action: 'BLOCK',
    });
    expect(baseline('WINDOWS').approval_rule[0]).toMatchObject({
      approve_until_date: '2025-01-31',
      compliance_level: 'HIGH',
    });
    expect(baseline('WINDOWS').approval_rule[0].approve_after_days).toBeUndefined();
  });

  test('explicit patch lists only when non-empty', () => {
    expect(baseline('AMAZON_LINUX_2023').approved_patches).toBeUndefined();
    expect(baseline('WINDOWS')).toMatchObject({
      approved_patches: ['KB5000001'],
      approved_patches_compliance_level: 'CRITICAL',
      rejected_patches_action: 'ALLOW_AS_DEPENDENCY',
    });
    expect(baseline('WINDOWS').rejected_patches).toBeUndefined();
  });

  test('two baselines for one OS are refused (their default registrations would fight)', () => {
    expect(() => build([LINUX, { ...LINUX, key: 'al2023-b' }])).toThrow('two baselines for AMAZON_LINUX_2023');
  });

  test('no baselines: nothing', () => {
    expect(build([]).resources).toEqual({});
  });
});
