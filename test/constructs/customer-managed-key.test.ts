import { CustomerManagedKey } from '../../stacks/constructs/customer-managed-key';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '111111111111';
const extra = {
  Sid: 'LogsUse',
  Effect: 'Allow' as const,
  Principal: { Service: 'logs.amazonaws.com' },
  Action: 'kms:Decrypt',
  Resource: '*',
};

describe('CustomerManagedKey', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new CustomerManagedKey(stack, 'k', {
        provider,
        alias: 'alias/patchline/test',
        description: 'test key',
        accountId: ACCOUNT,
        statements: [extra],
      }),
  );
  const key = out.one('aws_kms_key');

  test('rotates yearly and waits 30 days before deletion by default', () => {
    expect(key).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      description: 'test key',
    });
  });

  test("the owner account's root administers the key, then the extra statements follow", () => {
    const doc = JSON.parse(key.policy);
    expect(doc.Statement[0]).toEqual({
      Sid: 'OwnerAccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
    expect(doc.Statement.slice(1)).toEqual([extra]);
  });

  test('the alias points at the key', () => {
    expect(out.one('aws_kms_alias')).toMatchObject({
      name: 'alias/patchline/test',
      target_key_id: out.ref('aws_kms_key', key, 'key_id'),
    });
  });

  test("without extra statements the policy is the owner's only; the deletion window can be set", () => {
    const bare = synthConstruct(
      (stack, provider) =>
        new CustomerManagedKey(stack, 'k', {
          provider,
          alias: 'alias/x',
          description: 'x',
          accountId: ACCOUNT,
          deletionWindowInDays: 7,
        }),
    ).one('aws_kms_key');
    expect(Object.keys(statements(bare.policy))).toEqual(['OwnerAccountAdministersTheKey']);
    expect(bare.deletion_window_in_days).toBe(7);
  });
});
