import type { Options } from 'ajv';

/**
 * The ajv options of the schema pass, shared by the run-time compiler (src/schema/validate.ts) and
 * the build-time standalone generator (scripts/gen-validators.ts), so both validate alike.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true, // errors carry the data and the schema, for messages and type names
  strict: false,
  validateSchema: false, // generated and tested; meta-validating 1,000 definitions costs start-up
} as const satisfies Options;

/** The ajv-formats formats the embedded schemas use. */
export const AJV_FORMAT_NAMES = ['date-time', 'byte', 'int32', 'int64'] as const;
