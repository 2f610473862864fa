// Where observed evidence is collected, resolved from the profile: on by default in the Inspector delegated
// administrator account (the audit account of most landing zones), off when the profile has neither an
// `evidence.account` nor Inspector, or says `enabled: false`.
import { evidenceNames } from '../naming';
import { EVIDENCE_DEFAULTS } from './defaults';
import type { PatchlineOrgProfile as Profile } from '../profile/profile.generated';
import type { Account, OrgModel } from '.';

export interface EvidenceSettings {
  readonly account: Account;
  /** The bucket's region: the organization's home region. */
  readonly region: string;
  readonly bucket: string;
  readonly retentionDays: number;
  readonly objectLockMode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Failure alert recipient, if the profile names one. */
  readonly email?: string;
}

export function evidenceSettings(p: Profile, model: OrgModel): EvidenceSettings | undefined {
  const e = p.evidence;
  if (e?.enabled === false) return undefined;
  const alias = e?.account ?? p.inspector?.delegatedAdmin;
  if (!alias) return undefined;
  const account = model.account(alias);
  return {
    account,
    region: model.homeRegion,
    bucket: evidenceNames.bucket(account.id, model.homeRegion),
    retentionDays: e?.retentionDays ?? EVIDENCE_DEFAULTS.retentionDays,
    objectLockMode: e?.objectLockMode ?? EVIDENCE_DEFAULTS.objectLockMode,
    email: e?.notifications?.email ?? p.imageFactory?.notifications?.email,
  };
}
