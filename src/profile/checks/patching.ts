// Patching references: target accounts and OUs, overridden accounts and rings.
import { didYouMean } from '../suggest';
import type { Check } from './context';

export const checkPatching: Check = (ctx) => {
  const p = ctx.profile.patching;
  if (!p) return;
  const base = ['patching'];
  p.targets.organizationalUnits?.forEach((ou, i) => ctx.ou([...base, 'targets', 'organizationalUnits', i], ou));
  p.targets.accounts?.forEach((a, i) => ctx.account([...base, 'targets', 'accounts', i], a));
  for (const [account, o] of Object.entries(p.accountOverrides ?? {})) {
    const path = [...base, 'accountOverrides', account];
    if (!ctx.accounts.has(account)) ctx.report(path, `unknown account "${account}"${didYouMean(account, ctx.accounts.keys())}`, { key: true });
    for (const ring of Object.keys(o.rings)) {
      if (!(ring in p.rings)) ctx.report([...path, 'rings', ring], `ring "${ring}" is not defined in patching.rings${didYouMean(ring, Object.keys(p.rings))}`, { key: true });
    }
  }
};
