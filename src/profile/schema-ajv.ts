// The one ajv configuration for the profile schema: compiled at start-up under tsx and jest, and compiled once
// to standalone code by scripts/build.js (dist/src/profile/schema-validator.js), which the CLI then loads
// instead of compiling the schema on every run (ajv's compile was most of `validate`'s time).
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/profile.schema.json';

const OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  useDefaults: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
};

/** A compiled validator; with `source`, ajv keeps what standalone code generation needs. */
export function compileProfileSchema(source = false): { ajv: Ajv; validate: ValidateFunction } {
  const ajv = new Ajv({ ...OPTIONS, ...(source ? { code: { source: true } } : {}) });
  addFormats(ajv, ['date', 'email']);
  // Editor-facing message keywords understood by yaml-language-server / VS Code; used here too.
  ajv.addVocabulary(['patternErrorMessage', 'errorMessage']);
  return { ajv, validate: ajv.compile(schema) };
}
