import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';

// A credential written as an env var's literal `value` is stored in plain text in the manifest, in
// the workload object (readable by anyone who may `get` it, unlike a Secret) and in every
// ReplicaSet or ControllerRevision it creates. https://kubernetes.io/docs/concepts/configuration/secret/
//
// Conservative on purpose: the name must say credential, and names that only configure one (a file,
// a URL, an id, a lifetime, the name of a Secret …) are skipped, as are values that are empty, a
// reference to other variables ($(VAR)), a template placeholder (${VAR}, {{ … }}), a path, or a
// boolean.
const CREDENTIAL = /(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/;
const NOT_A_CREDENTIAL =
  /_(FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|ID|REF|TTL|EXPIRY|EXPIRES|EXPIRATION|LIFETIME|TIMEOUT|LENGTH|LEN|SIZE|TYPE|HEADER|ENABLED|DISABLED|REQUIRED|ENABLE|MODE|POLICY|PROVIDER|ISSUER|AUDIENCE|FORMAT|ALGORITHM|VERSION|INTERVAL|NAMESPACE|KEY_NAME|FIELD|PARAM|PREFIX|SUFFIX)$/;
const BOOLEAN = /^(true|false|yes|no|on|off)$/i;

function looksLikeLiteralCredential(name: string, value: string): boolean {
  const key = name.toUpperCase().replace(/[-.]/g, '_');
  if (!CREDENTIAL.test(key) || NOT_A_CREDENTIAL.test(key)) return false;
  const v = value.trim();
  return !(v === '' || /\$\(|\$\{|\{\{/.test(v) || v.startsWith('/') || BOOLEAN.test(v));
}

export const rule = defineRule({
  id: 'env-literal-secret',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    description: 'An env var that looks like a credential has a literal value instead of a Secret reference',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const env = c.container.env;
      if (!Array.isArray(env)) continue;
      env.forEach((e: unknown, i) => {
        if (!isObject(e) || typeof e.name !== 'string' || typeof e.value !== 'string') return;
        if (!looksLikeLiteralCredential(e.name, e.value)) return;
        ctx.report({
          path: [...c.path, 'env', i, 'value'],
          message: `env var "${e.name}" of ${containerLabel(c)} looks like a credential but has a literal value: it is stored in plain text in the manifest and in the workload object, readable by anyone who can read the workload`,
        });
      });
    }
  },
});
