// Defaults the validator cannot fill, read from the schema so each is written once. ajv fills a property's
// `default` (useDefaults), but not one inside a $ref'd definition: timezone is such a definition.
import schema from '../../schemas/profile.schema.json';

/** The time zone a schedule is read in when the profile names none. */
export const DEFAULT_TIMEZONE: string = schema.definitions.timezone.default;

/** Observed evidence settings when the profile has no evidence section (ajv fills them when it has one). */
export const EVIDENCE_DEFAULTS = {
  retentionDays: schema.definitions.evidence.properties.retentionDays.default,
  objectLockMode: schema.definitions.evidence.properties.objectLockMode.default as 'GOVERNANCE' | 'COMPLIANCE',
};

/** Local state when the profile names no backend at all. */
export const DEFAULT_LOCAL_STATE_DIRECTORY: string =
  schema.definitions.terraform.properties.backend.properties.local.properties.directory.default;
