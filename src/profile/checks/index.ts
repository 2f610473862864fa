// Every semantic check, run in this order after the schema passes.
import type { Check } from './context';
import { checkBuildNetwork } from './build-network';
import { checkEvidence } from './evidence';
import { checkExemptions } from './exemptions';
import { checkExploitLane } from './exploit-lane';
import { checkImageFactory } from './image-factory';
import { checkInspector } from './inspector';
import { checkInventory } from './inventory';
import { checkManagementAccess } from './management-access';
import { checkOrganization } from './organization';
import { checkPatching } from './patching';
import { checkTerraform } from './terraform';
import { checkWindowTiming } from './window-timing';

export const CHECKS: readonly Check[] = [
  checkOrganization,
  checkManagementAccess,
  checkInspector,
  checkImageFactory,
  checkBuildNetwork,
  checkPatching,
  checkEvidence,
  checkWindowTiming,
  checkExploitLane,
  checkInventory,
  checkExemptions,
  checkTerraform,
];
