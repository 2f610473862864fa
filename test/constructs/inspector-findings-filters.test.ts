import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { InspectorFindingsFilters } from '../../stacks/constructs/inspector-findings-filters';
import { synthConstruct } from '../support/construct-harness';

const eq = (value: string) => [{ comparison: 'EQUALS', value }];

describe('InspectorFindingsFilters', () => {
  const out = synthConstruct((stack, provider) => {
    const enabler = new Inspector2Enabler(stack, 'enabler', {
      provider,
      accountIds: ['222222222222'],
      resourceTypes: ['EC2'],
    });
    new InspectorFindingsFilters(stack, 'f', {
      provider,
      internetFacingAccountIds: ['444444444444', '333333333333', '444444444444'],
      dependsOn: [enabler],
    });
  });
  const byName = (name: string) => out.all('aws_inspector2_filter').find((f) => f.name === name);

  test('every filter is a saved view (action NONE), never a suppression rule, and waits for Inspector', () => {
    const filters = out.all('aws_inspector2_filter');
    expect(filters.map((f) => f.name).sort()).toEqual([
      'patchline-critical-fix-available',
      'patchline-exploit-available',
      'patchline-exploit-available-internet-facing',
    ]);
    for (const f of filters) {
      expect(f.action).toBe('NONE');
      expect(f.depends_on).toEqual([out.address('aws_inspector2_enabler', out.one('aws_inspector2_enabler'))]);
    }
  });

  test('exploitable: active findings with a known exploit, everywhere', () => {
    expect(byName('patchline-exploit-available').filter_criteria).toEqual([
      { finding_status: eq('ACTIVE'), exploit_available: eq('YES') },
    ]);
  });

  test('the 48-hour queue: the same, in the internet-facing accounts only (sorted, de-duplicated)', () => {
    expect(byName('patchline-exploit-available-internet-facing').filter_criteria).toEqual([
      {
        finding_status: eq('ACTIVE'),
        exploit_available: eq('YES'),
        aws_account_id: [...eq('333333333333'), ...eq('444444444444')],
      },
    ]);
  });

  test('critical with a vendor fix', () => {
    expect(byName('patchline-critical-fix-available').filter_criteria).toEqual([
      { finding_status: eq('ACTIVE'), severity: eq('CRITICAL'), fix_available: eq('YES') },
    ]);
  });

  test('no internet-facing accounts: no internet-facing filter (an empty account list would match every account)', () => {
    const none = synthConstruct((stack, provider) => new InspectorFindingsFilters(stack, 'f', { provider }));
    expect(
      none
        .all('aws_inspector2_filter')
        .map((f) => f.name)
        .sort(),
    ).toEqual(['patchline-critical-fix-available', 'patchline-exploit-available']);
    expect(none.all('aws_inspector2_filter').every((f) => f.depends_on === undefined)).toBe(true);
  });
});
