// Observed evidence: the evidence account must exist, hold every organization region (its stack routes
// failure events and Inspector findings from each), and there must be somewhere to collect to.
import type { Check } from './context';

export const checkEvidence: Check = (ctx) => {
  const e = ctx.profile.evidence;
  if (!e || e.enabled === false) return;
  const org = ctx.profile.organization;
  if (e.account === undefined) {
    if (!ctx.profile.inspector)
      ctx.report(
        ['evidence'],
        'observed evidence needs an account to collect into: name one in evidence.account (it defaults to the Inspector delegated administrator, and this profile has no inspector section), or set enabled: false',
      );
    return;
  }
  if (!ctx.account(['evidence', 'account'], e.account)) return;
  const admin = ctx.profile.inspector?.delegatedAdmin;
  if (admin && admin !== e.account) {
    ctx.report(
      ['evidence', 'account'],
      `Inspector finding events arise in its delegated administrator "${admin}", not in "${e.account}": findings will not be collected (only patch compliance, inventory and failure alerts); use "${admin}" or leave evidence.account out`,
      { severity: 'warning' },
    );
  }
  const own = ctx.accounts.get(e.account)!.regions;
  const missing = own ? org.regions.filter((r) => !own.includes(r)) : [];
  if (missing.length) {
    ctx.report(
      ['evidence', 'account'],
      `"${e.account}" holds the evidence bucket and receives findings and failure events from every organization region, but its regions leave out ${missing.join(', ')}; add them to its regions or choose another account`,
    );
  }
};
