// IAM policy documents as the generator writes them: literal JSON strings. `${...}` references to
// other resources' ARNs are unknown until apply, so they count as specific values, never wildcards.
import { isInterpolated, strings } from './stack';

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface Parsed {
  /** The statements; empty when the policy cannot be parsed. */
  readonly statements: readonly Statement[];
  /** Why the policy cannot be checked. */
  readonly error?: string;
}

const failed = (error: string): Parsed => ({ statements: [], error });

/** Parses a policy document; anything that is not a literal JSON policy is an error (it cannot be proven safe). */
export function parsePolicy(policy: unknown): Parsed {
  if (typeof policy !== 'string') return failed('the policy is not a JSON string');
  let doc: any;
  try {
    doc = JSON.parse(policy);
  } catch {
    return failed(
      `the policy is not literal JSON (${policy.length > 60 ? policy.slice(0, 60) + '…' : policy}), so it cannot be checked`,
    );
  }
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) return failed('the policy has no Statement');
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (list.some((s: unknown) => !s || typeof s !== 'object' || Array.isArray(s)))
    return failed('a policy statement is not an object');
  return { statements: list };
}

/** How a statement is named in a finding. */
export const label = (s: Statement, i: number) => (s.Sid ? `statement "${s.Sid}"` : `statement ${i + 1}`);

export const isAllow = (s: Statement) => s.Effect === 'Allow';

/** A literal value that matches more than one thing: "*" or a pattern containing * or ?. */
export function isWildcard(value: string): boolean {
  if (isInterpolated(value)) return false;
  return /[*?]/.test(value);
}

/** Every principal value of a Principal element ("*" or {AWS|Service|Federated|CanonicalUser: value(s)}). */
export function principalValues(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal];
  if (principal && typeof principal === 'object') return Object.values(principal).flatMap((v) => strings(v));
  return [String(principal)];
}

/** True when anyone (or any AWS account) matches the principal: "*", {"AWS": "*"}, "arn:aws:iam::*:root", ... */
export const hasWildcardPrincipal = (s: Statement) => principalValues(s.Principal).some(isWildcard);

/** 12-digit account IDs named by AWS principals (bare IDs or IAM ARNs). */
export function principalAccounts(principal: unknown): string[] {
  if (!principal || typeof principal !== 'object') return [];
  const aws = strings((principal as Record<string, unknown>).AWS);
  return aws.flatMap((v) => {
    if (/^\d{12}$/.test(v)) return [v];
    const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(v);
    return m ? [m[1]] : [];
  });
}

/** Operators that require the key to be present and match; negated, IfExists and ForAllValues forms pass when it is absent. */
const POSITIVE = new Set([
  'stringequals',
  'stringlike',
  'stringequalsignorecase',
  'foranyvalue:stringequals',
  'foranyvalue:stringlike',
]);

/** Who may stand behind a "*" principal, as far as the rules know the organization. */
export interface Confinement {
  readonly orgId?: string;
  /** Org account IDs; when set, aws:PrincipalAccount naming one of them also confines the statement. */
  readonly accountIds?: ReadonlySet<string>;
  /** Accept aws:PrincipalAccount (one account of the organization) as well as the organization keys. */
  readonly principalAccount?: boolean;
}

/**
 * Why a statement's conditions do not confine it to the organization, or undefined when they do: an
 * aws:PrincipalOrgID / aws:PrincipalOrgPaths condition (or, when allowed, aws:PrincipalAccount) with a
 * positive operator, naming this organization (or accounts of it).
 */
export function orgConditionProblem(s: Statement, c: Confinement = {}): string | undefined {
  const keys = ['aws:principalorgid', 'aws:principalorgpaths', ...(c.principalAccount ? ['aws:principalaccount'] : [])];
  const found: string[] = [];
  for (const [op, conds] of Object.entries(s.Condition ?? {})) {
    for (const [key, value] of Object.entries(conds ?? {})) {
      const k = key.toLowerCase();
      if (!keys.includes(k)) continue;
      if (!POSITIVE.has(op.toLowerCase())) {
        found.push(`${op} on ${key} does not require the principal to be in the organization`);
        continue;
      }
      const values = strings(value);
      if (!values.length) {
        found.push(`${key} lists no value`);
        continue;
      }
      const ok =
        k === 'aws:principalorgid'
          ? (v: string) => orgIdOk(v, c.orgId)
          : k === 'aws:principalorgpaths'
            ? (v: string) => orgPathOk(v, c.orgId)
            : (v: string) => accountOk(v, c.accountIds);
      const bad = values.filter((v) => !ok(v));
      if (bad.length) {
        found.push(
          `${key} ${bad.map((b) => `"${b}"`).join(', ')} is not ${k === 'aws:principalaccount' ? 'an account of the organization' : c.orgId ? `organization ${c.orgId}` : 'one organization'}`,
        );
        continue;
      }
      return undefined;
    }
  }
  return found.length
    ? found.join('; ')
    : `no ${c.principalAccount ? 'aws:PrincipalOrgID, aws:PrincipalOrgPaths or aws:PrincipalAccount' : 'aws:PrincipalOrgID or aws:PrincipalOrgPaths'} condition`;
}

function orgIdOk(v: string, orgId?: string): boolean {
  if (isInterpolated(v)) return true;
  return /^o-[a-z0-9]{10,32}$/.test(v) && (!orgId || v === orgId);
}

function accountOk(v: string, accountIds?: ReadonlySet<string>): boolean {
  if (isInterpolated(v)) return true;
  return /^\d{12}$/.test(v) && (!accountIds || accountIds.has(v));
}

/** o-xxx/r-xxx/[ou-xxx/...][*]: a path inside the organization, wildcards only at the end. */
function orgPathOk(v: string, orgId?: string): boolean {
  if (isInterpolated(v)) return true;
  const m = /^(o-[a-z0-9]+)\/r-[a-z0-9]+\/((ou-[a-z0-9]+-[a-z0-9]+\/)*)\*?$/.exec(v);
  return !!m && (!orgId || m[1] === orgId);
}

/** Actions of a statement, lower-cased for comparison. */
export const actions = (s: Statement) => strings(s.Action).map((a) => a.toLowerCase());
export const resources = (s: Statement) => strings(s.Resource);
