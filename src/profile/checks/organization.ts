// Organization structure: unique IDs, OU tree, account placement and regions.
import type { Check } from './context';

export const checkOrganization: Check = (ctx) => {
  const org = ctx.profile.organization;
  const base = ['organization'];
  ctx.account([...base, 'managementAccount'], org.managementAccount);
  ctx.region([...base, 'homeRegion'], org.homeRegion);

  const ouIds = new Map<string, string>();
  for (const [name, ou] of Object.entries(org.organizationalUnits ?? {})) {
    const path = [...base, 'organizationalUnits', name];
    const other = ouIds.get(ou.id);
    if (other) ctx.report([...path, 'id'], `OU ID ${ou.id} is already used by "${other}"`);
    ouIds.set(ou.id, name);
    if (ou.parent !== undefined && ctx.ou([...path, 'parent'], ou.parent)) {
      // Walk up; a walk longer than the number of OUs means a cycle.
      let steps = 0;
      for (let p: string | undefined = ou.parent; p; p = org.organizationalUnits?.[p]?.parent) {
        if (p === name || ++steps > ouIds.size + ctx.ous.size) {
          ctx.report([...path, 'parent'], `OU "${name}" is its own ancestor (a cycle through "${ou.parent}")`);
          break;
        }
      }
    }
  }

  const ids = new Map<string, string>();
  for (const [name, a] of Object.entries(org.accounts)) {
    const path = [...base, 'accounts', name];
    const other = ids.get(a.id);
    if (other) ctx.report([...path, 'id'], `account ID ${a.id} is already used by "${other}"`);
    ids.set(a.id, name);
    ctx.ou([...path, 'ou'], a.ou);
    a.regions?.forEach((r, i) => ctx.region([...path, 'regions', i], r));
  }
};
