// How a provider block carries the credentials the model decided (src/model/credentials.ts).
import type { AwsProviderAssumeRole } from '@cdktf/provider-aws/lib/provider';
import { roleArn, type Concern } from '../src/naming';
import type { ProviderCredentials } from '../src/model/credentials';

export type { ProviderCredentials };

/** The provider's assume_role block, or undefined for ambient credentials. */
export function providerAssumeRole(
  credentials: ProviderCredentials,
  accountId: string,
  concern: Concern,
): AwsProviderAssumeRole[] | undefined {
  return credentials.kind === 'role'
    ? [{ roleArn: roleArn(accountId, credentials.roleName), sessionName: `patchline-${concern}` }]
    : undefined;
}
