/**
 * Plain-scalar resolution the way the API server sees a manifest: kubectl and the API server decode
 * YAML through sigs.k8s.io/yaml, which uses go-yaml v2 with YAML 1.1 rules (goyaml.v2/resolve.go).
 * So `yes`/`on`/`y` are booleans, `0755` is octal and `1_000` is an integer, while timestamps stay strings.
 */
export type Scalar = string | number | boolean | null;

const BOOL_NULL = new Map<string, boolean | null>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  BOOL_NULL.set(w, true);
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  BOOL_NULL.set(w, false);
for (const w of ['', '~', 'null', 'Null', 'NULL']) BOOL_NULL.set(w, null);

const SPECIAL_FLOATS = new Map<string, number>([
  ['.nan', NaN],
  ['.NaN', NaN],
  ['.NAN', NaN],
  ['.inf', Infinity],
  ['.Inf', Infinity],
  ['.INF', Infinity],
  ['+.inf', Infinity],
  ['+.Inf', Infinity],
  ['+.INF', Infinity],
  ['-.inf', -Infinity],
  ['-.Inf', -Infinity],
  ['-.INF', -Infinity],
]);

// go-yaml v2 yamlStyleFloat
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseInt(s, 0, 64) accepts: optional sign, then 0x/0o/0b prefix, a leading-0 octal, or decimal.
const INT_DEC = /^[-+]?(0|[1-9][0-9]*)$/;
const INT_HEX = /^[-+]?0[xX][0-9a-fA-F]+$/;
const INT_OCT = /^[-+]?0[oO]?[0-7]+$/;
const INT_BIN = /^[-+]?0[bB][01]+$/;

function parseGoInt(s: string): number | undefined {
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  let v: number;
  if (INT_DEC.test(s)) v = Number(body);
  else if (INT_HEX.test(s)) v = Number.parseInt(body.slice(2), 16);
  else if (INT_BIN.test(s)) v = Number.parseInt(body.slice(2), 2);
  else if (INT_OCT.test(s)) v = Number.parseInt(body.replace(/^0[oO]?/, ''), 8);
  else return undefined;
  return neg ? -v : v;
}

/** Resolve an untagged plain scalar (quoted and block scalars are always strings). */
export function resolvePlainScalar(raw: string): Scalar {
  const fixed = BOOL_NULL.get(raw);
  if (fixed !== undefined) return fixed;
  const c = raw.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
  if (!numeric) return raw;
  const special = SPECIAL_FLOATS.get(raw);
  if (special !== undefined) return special;
  const plain = raw.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined) return int;
  if (FLOAT.test(plain)) return Number(plain);
  return raw;
}

/** Resolve a scalar carrying an explicit core-schema tag (`!!str 80`, `!!int "3"`). */
export function resolveTaggedScalar(tag: string, raw: string): Scalar {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
      return raw;
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float': {
      const v = resolvePlainScalar(raw);
      return v === null ? raw : v;
    }
    default:
      return raw;
  }
}

/**
 * JSON object keys are strings: sigs.k8s.io/yaml formats non-string keys (`1: x`, `true: x`) as their
 * decimal or literal text, so `1: x` under labels becomes the label key "1".
 */
export function keyToString(key: Scalar): string {
  if (key === null) return 'null';
  return String(key);
}
