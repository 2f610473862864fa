// Inspector delegated administration: the admin must be a member account, never the management account.
import type { Check } from './context';

export const checkInspector: Check = (ctx) => {
  const i = ctx.profile.inspector;
  if (!i) return;
  const path = ['inspector', 'delegatedAdmin'];
  if (!ctx.account(path, i.delegatedAdmin)) return;
  if (i.delegatedAdmin === ctx.profile.organization.managementAccount) {
    ctx.report(path, `the management account cannot be Inspector's delegated administrator (AWS refuses it); choose a member account such as a security or audit account`);
  }
};
