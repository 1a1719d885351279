// CronJob schedules as the API server checks them: validateScheduleFormat calls
// github.com/robfig/cron/v3's ParseStandard (five fields, or a descriptor), and error messages
// here are that parser's. https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    m,
    i + 1,
  ]),
);
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));

// robfig/cron's bounds: note the day of week is 0–6 (7 is not Sunday there, unlike some crons).
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Go's strconv.Atoi then cron's mustParseInt: a non-negative decimal integer. */
function parseInt10(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  if (!Number.isSafeInteger(n))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number | string {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? parseInt10(expr);
}

/** getRange: `*`, `?`, `N`, `N-M`, each optionally `/step`; `N/step` means N through the maximum. */
function rangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    const lo = parseIntOrName(lowAndHigh[0] ?? '', b);
    if (typeof lo === 'string') return lo;
    start = lo;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const hi = parseIntOrName(lowAndHigh[1] ?? '', b);
      if (typeof hi === 'string') return hi;
      end = hi;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = parseInt10(rangeAndStep[1] ?? '');
    if (typeof s === 'string') return s;
    step = s;
    if (single) end = b.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

const DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** The cron parser's error for a schedule, or undefined when ParseStandard accepts it. */
export function cronScheduleError(spec: string): string | undefined {
  if (spec === '') return 'empty spec string';
  // A TZ=/CRON_TZ= prefix is parsed by the library but forbidden by the API server (see below).
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const i = rest.indexOf(' ');
    rest = i < 0 ? '' : rest.slice(i).trim();
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.has(rest)) return undefined;
    if (rest.startsWith('@every ')) {
      const d = rest.slice('@every '.length);
      return DURATION.test(d)
        ? undefined
        : `failed to parse duration ${rest}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const b = FIELDS[i];
    if (!b) continue;
    for (const part of (fields[i] ?? '').split(',').filter((p) => p !== '')) {
      const err = rangeError(part, b);
      if (err) return err;
    }
  }
  return undefined;
}

/** validateScheduleFormat's own rule on create: no time zone inside the schedule. */
export function scheduleHasTimeZone(spec: string): boolean {
  return spec.includes('TZ');
}

// validateTimeZone: each '/'-separated part is 1–14 of [A-Za-z.\-_0-9+], not '.', '..' or starting
// with '-'; "Local" (any case) is refused; then Go's time.LoadLocation must know the name.
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

let knownZones: Set<string> | undefined;

function isKnownZone(tz: string): boolean | undefined {
  // UTC is built into Go; Factory and posixrules are tzdata files ICU does not carry: no verdict.
  if (tz === 'UTC') return true;
  if (tz === 'Factory' || tz === 'posixrules') return undefined;
  knownZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (knownZones.has(tz)) return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return false; // not in the IANA database ICU carries
  }
  // ICU matches names case-insensitively; Go's tzdata lookup does not.
  if (resolved.toLowerCase() === tz.toLowerCase() && resolved !== tz) return false;
  // An alias ICU knows (US/Pacific, Etc/UTC): Go's tzdata has the backward links too.
  return undefined;
}

/** The API server's errors for a CronJob `timeZone`, in its words. */
export function timeZoneErrors(tz: string): string[] {
  if (tz === '') return ['timeZone must be nil or non-empty string'];
  for (const part of tz.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part))
      return [`unknown time zone ${tz}`];
  if (tz.toLowerCase() === 'local')
    return ['timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'];
  if (isKnownZone(tz) === false) return [`unknown time zone ${tz}`];
  return [];
}
