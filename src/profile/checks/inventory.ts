// patching.inventory: existing means Patchline creates no inventory association, so an inventory
// schedule would do nothing.
import type { Check } from './context';

export const checkInventory: Check = (ctx) => {
  const p = ctx.profile.patching;
  if (p?.inventory === 'existing' && p.scan.inventorySchedule !== undefined) {
    ctx.report(
      ['patching', 'scan', 'inventorySchedule'],
      "ignored: patching.inventory is existing, so Patchline creates no inventory association (the organization's own sets the schedule)",
      { key: true, severity: 'warning' },
    );
  }
};
