import { InspectorDelegation } from '../../stacks/constructs/inspector-delegation';
import { synthConstruct } from '../support/construct-harness';

describe('InspectorDelegation', () => {
  test("makes the given account the delegated administrator in the provider's region, with a 30-minute default timeout", () => {
    const out = synthConstruct(
      (stack, provider) => new InspectorDelegation(stack, 'd', { provider, adminAccountId: '222222222222' }),
      'eu-west-1',
    );
    expect(out.json.provider.aws).toEqual([{ region: 'eu-west-1' }]);
    expect(out.one('aws_inspector2_delegated_admin_account')).toMatchObject({
      account_id: '222222222222',
      timeouts: { create: '30m', delete: '30m' },
    });
    // Inspector's EnableDelegatedAdminAccount does the Organizations side itself: nothing else is created.
    expect(Object.keys(out.resources)).toEqual(['aws_inspector2_delegated_admin_account']);
  });

  test('the timeout can be set', () => {
    const out = synthConstruct(
      (stack, provider) =>
        new InspectorDelegation(stack, 'd', { provider, adminAccountId: '222222222222', timeout: '1h' }),
    );
    expect(out.one('aws_inspector2_delegated_admin_account').timeouts).toEqual({ create: '1h', delete: '1h' });
  });
});
