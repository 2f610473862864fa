// Which operating systems run in an account, as far as the profile says: the OSes of the baselines in force
// there (every profile baseline is the default baseline of its OS in every patching target), and the OSes of
// the images a pipeline builds in, shares with or copies to it. Each OS is assessed on its own: an account is
// only as fast as its slowest OS.
import type { Account, OrgModel } from '../model';
import { patchManagerOs } from './os-lifecycle';

export interface AccountOs {
  /** Patch Manager operating system, e.g. UBUNTU. */
  readonly os: string;
  /** Why the profile puts this OS in the account, e.g. "baseline ubuntu in force", "pipeline x copied here". */
  readonly sources: readonly string[];
}

/** IDs of the accounts in an OU and below, by the list the model remembers for it: one lookup per account. */
const ouMembers = new WeakMap<readonly Account[], ReadonlySet<string>>();
function inOu(model: OrgModel, ou: string): ReadonlySet<string> {
  const accounts = model.accountsInOu(ou);
  let ids = ouMembers.get(accounts);
  if (!ids) ouMembers.set(accounts, (ids = new Set(accounts.map((a) => a.id))));
  return ids;
}

/** The account's operating systems, sorted by name. `target`: the account gets the profile's baselines. */
export function accountOperatingSystems(model: OrgModel, account: Account, target: boolean): AccountOs[] {
  const out = new Map<string, string[]>();
  const add = (os: string, why: string) => out.set(os, [...(out.get(os) ?? []), why]);
  const p = model.patching;
  if (target && p)
    for (const name of Object.keys(p.baselineRules).sort()) add(p.baselineRules[name].os, `baseline ${name} in force`);
  const f = model.imageFactory;
  for (const pl of f?.pipelines ?? []) {
    const os = patchManagerOs(pl.os);
    const shared =
      pl.sharedWith !== undefined &&
      (pl.sharedWith.organization !== undefined ||
        (pl.sharedWith.accountIds ?? []).includes(account.id) ||
        pl.sharedOus.some((ou) => inOu(model, ou).has(account.id)));
    if (f!.accountId === account.id) add(os, `pipeline ${pl.key} builds its images here`);
    else if (pl.copyTo.includes(account.id)) add(os, `pipeline ${pl.key} copies its images here`);
    else if (shared) add(os, `pipeline ${pl.key} shares its images here`);
  }
  return [...out.keys()].sort().map((os) => ({ os, sources: out.get(os)! }));
}
