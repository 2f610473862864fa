// Amazon Inspector as the stacks and the compliance engine read it: the delegated administrator resolved and
// the scan types the profile enables (schema default applied).
import type { PatchlineOrgProfile as Profile } from '../profile/profile.generated';
import type { Account } from '.';

export type ProfileScanType = NonNullable<Profile['inspector']>['autoEnable'][number];

export interface InspectorSpec {
  /** The delegated administrator account. */
  readonly admin: Account;
  /** Scan types enabled for every member, in profile order. */
  readonly scanTypes: readonly ProfileScanType[];
  /** EC2 scanning is on: the vulnerability scanner the assessment counts, and what starts the exploit lane. */
  readonly ec2: boolean;
}

export function inspectorSpec(i: NonNullable<Profile['inspector']>, admin: Account): InspectorSpec {
  return { admin, scanTypes: i.autoEnable, ec2: i.autoEnable.includes('ec2') };
}
