// Name syntax as apimachinery's pkg/util/validation checks it, with its messages, so findings can
// quote what the API server will say.
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** IsDNS1123Label: container and volume names. Empty means valid. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

/**
 * IsValidPortName (IANA_SVC_NAME, RFC 6335): container port names and named probe ports. At most
 * 15 characters of [-a-z0-9] with a letter, no leading, trailing or doubled hyphen. So `"8080"` as a
 * string is not a port number but an invalid port name.
 */
export function portNameErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(value))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsValidPortNum. */
export function isValidPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

export const PORT_RANGE_MSG = 'must be between 1 and 65535, inclusive';
