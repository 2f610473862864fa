// Where observed evidence is collected, resolved from the profile: on by default in the Inspector delegated
// administrator account (the audit account of most landing zones), off when the profile has neither an
// `evidence.account` nor Inspector, or says `enabled: false`.
import { evidenceNames } from '../naming';
import type { Account, OrgModel } from '../profile/model';

export const DEFAULT_EVIDENCE_RETENTION_DAYS = 400;

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

export function evidenceSettings(model: OrgModel): EvidenceSettings | undefined {
  const p = model.profile;
  const e = p.evidence;
  if (e?.enabled === false) return undefined;
  const alias = e?.account ?? p.inspector?.delegatedAdmin;
  if (!alias) return undefined;
  const account = model.account(alias);
  return {
    account,
    region: model.homeRegion,
    bucket: evidenceNames.bucket(account.id, model.homeRegion),
    retentionDays: e?.retentionDays ?? DEFAULT_EVIDENCE_RETENTION_DAYS,
    objectLockMode: e?.objectLockMode ?? 'GOVERNANCE',
    email: e?.notifications?.email ?? p.imageFactory?.notifications?.email,
  };
}
