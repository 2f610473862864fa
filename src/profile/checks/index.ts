// Every semantic check, run in this order after the schema passes.
import type { Check } from './context';
import { checkEvidence } from './evidence';
import { checkExemptions } from './exemptions';
import { checkImageFactory } from './image-factory';
import { checkInspector } from './inspector';
import { checkOrganization } from './organization';
import { checkPatching } from './patching';

export const CHECKS: readonly Check[] = [checkOrganization, checkInspector, checkImageFactory, checkPatching, checkEvidence, checkExemptions];
