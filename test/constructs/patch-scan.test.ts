import { PatchScan, type PatchScanProps } from '../../stacks/constructs/patch-scan';
import { synthConstruct } from '../support/construct-harness';

type Props = Omit<PatchScanProps, 'provider'>;
const BASE: Props = {
  scanName: 'patchline-scan',
  inventoryName: 'patchline-inventory',
  scanSchedule: 'rate(1 day)',
  inventorySchedule: 'rate(12 hours)',
  outputBucket: 'patchline-patch-logs',
  outputPrefix: 'logs/scan/',
};
const build = (extra: Partial<Props> = {}) =>
  synthConstruct((stack, provider) => new PatchScan(stack, 's', { provider, ...BASE, ...extra }));
const byDoc = (out: ReturnType<typeof build>, doc: string) =>
  out.all('aws_ssm_association').find((a) => a.name === doc);

describe('PatchScan', () => {
  const out = build();
  const scan = byDoc(out, 'AWS-RunPatchBaseline');
  const inventory = byDoc(out, 'AWS-GatherSoftwareInventory');

  test('the scan association scans (never installs) every managed node, daily, syncing compliance', () => {
    expect(scan).toMatchObject({
      association_name: 'patchline-scan',
      parameters: { Operation: 'Scan' },
      schedule_expression: 'rate(1 day)',
      targets: [{ key: 'InstanceIds', values: ['*'] }],
      compliance_severity: 'HIGH',
      sync_compliance: 'AUTO',
      output_location: { s3_bucket_name: 'patchline-patch-logs', s3_key_prefix: 'logs/scan/' },
    });
  });

  test('inventory is gathered from the same nodes by default', () => {
    expect(inventory).toMatchObject({
      association_name: 'patchline-inventory',
      schedule_expression: 'rate(12 hours)',
      targets: scan.targets,
      compliance_severity: 'MEDIUM',
      sync_compliance: 'AUTO',
    });
    expect(inventory.parameters).toBeUndefined();
  });

  test('collectInventory false: the scan only (a node takes one inventory association)', () => {
    const only = build({ collectInventory: false });
    expect(only.one('aws_ssm_association').name).toBe('AWS-RunPatchBaseline');
  });

  test('tag-key targets select only nodes carrying the key, in both associations; severities can be set', () => {
    const t = build({
      targets: { kind: 'tag-key', key: 'PatchRing' },
      scanSeverity: 'CRITICAL',
      inventorySeverity: 'LOW',
    });
    for (const a of t.all('aws_ssm_association'))
      expect(a.targets).toEqual([{ key: 'tag-key', values: ['PatchRing'] }]);
    expect(byDoc(t, 'AWS-RunPatchBaseline').compliance_severity).toBe('CRITICAL');
    expect(byDoc(t, 'AWS-GatherSoftwareInventory').compliance_severity).toBe('LOW');
  });
});
