// terraform.*: the plan principal must belong to the organization (the plan roles' trust policies, and
// `patchline check`, admit principals of the organization only).
import type { CheckContext } from './context';

export function checkTerraform(ctx: CheckContext): void {
  const principal = ctx.profile.terraform?.planPrincipal;
  if (!principal) return;
  const id = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal)?.[1];
  const ids = new Set([...ctx.accounts.values()].map((a) => a.id));
  if (id && !ids.has(id))
    ctx.report(
      ['terraform', 'planPrincipal'],
      `account ${id} of the plan principal is not in organization.accounts; the plan roles trust principals of the organization only`,
    );
}
