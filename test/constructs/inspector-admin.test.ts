import { InspectorAdmin, type InspectorAdminProps } from '../../stacks/constructs/inspector-admin';
import { synthConstruct } from '../support/construct-harness';

const ADMIN = '222222222222';
type Props = Omit<InspectorAdminProps, 'provider'>;
const build = (props: Props) =>
  synthConstruct((stack, provider) => new InspectorAdmin(stack, 'i', { provider, ...props }));

describe('InspectorAdmin', () => {
  const out = build({
    adminAccountId: ADMIN,
    memberAccountIds: ['444444444444', '333333333333', '444444444444'],
    scanTypes: ['ECR', 'EC2', 'EC2'],
  });
  const enablers = out.all('aws_inspector2_enabler');
  const admin = enablers.find((e) => e.account_ids[0] === ADMIN);
  const org = out.one('aws_inspector2_organization_configuration');
  const thirtyMinutes = { create: '30m', update: '30m', delete: '30m' };

  test('the administrator enables itself alone (never mixed with members), with the scan types sorted and de-duplicated', () => {
    expect(admin).toMatchObject({ account_ids: [ADMIN], resource_types: ['EC2', 'ECR'], timeouts: thirtyMinutes });
    expect(admin.depends_on).toBeUndefined();
  });

  test('auto-enable for new members turns on exactly the chosen scan types, after the administrator is on', () => {
    expect(org.auto_enable).toEqual({ ec2: true, ecr: true, lambda: false, lambda_code: false });
    expect(org.depends_on).toEqual([out.address('aws_inspector2_enabler', admin)]);
  });

  test('each existing member (de-duplicated) is associated, then enabled on its own with the same scan types', () => {
    const associations = out.all('aws_inspector2_member_association');
    expect(associations.map((a) => a.account_id).sort()).toEqual(['333333333333', '444444444444']);
    for (const a of associations) {
      expect(a.depends_on).toEqual([out.address('aws_inspector2_organization_configuration', org)]);
      expect(a.timeouts).toEqual({ create: '30m', delete: '30m' });
      const enabler = enablers.find((e) => e.account_ids[0] === a.account_id);
      expect(enabler).toMatchObject({ account_ids: [a.account_id], resource_types: ['EC2', 'ECR'] });
      expect(enabler.depends_on).toEqual([out.address('aws_inspector2_member_association', a)]);
    }
    expect(enablers).toHaveLength(3);
  });

  test('no members: the administrator and the organization configuration only; the timeout can be set', () => {
    const alone = build({
      adminAccountId: ADMIN,
      memberAccountIds: [],
      scanTypes: ['LAMBDA_CODE', 'EC2'],
      timeout: '45m',
    });
    expect(alone.all('aws_inspector2_member_association')).toEqual([]);
    expect(alone.one('aws_inspector2_enabler').timeouts).toEqual({ create: '45m', update: '45m', delete: '45m' });
    expect(alone.one('aws_inspector2_organization_configuration').auto_enable).toEqual({
      ec2: true,
      ecr: false,
      lambda: false,
      lambda_code: true,
    });
  });

  test('refuses no scan types, and the administrator as its own member', () => {
    expect(() => build({ adminAccountId: ADMIN, memberAccountIds: [], scanTypes: [] })).toThrow(
      'at least one scan type',
    );
    expect(() => build({ adminAccountId: ADMIN, memberAccountIds: [ADMIN], scanTypes: ['EC2'] })).toThrow(
      'cannot also be a member',
    );
  });
});
