import { defineRule } from '../../src/engine/index.js';
import { formatPath, isObject, type JsonObject } from '../../src/k8s/object.js';

// validateEnvVarValueFrom: a valueFrom names exactly one source, and not together with a non-empty
// value. ValidateEnvFrom: each envFrom entry names exactly one of configMapRef and secretRef.
// fileKeyRef (EnvFiles, 1.34+) counts as a source so that no accepted manifest is reported.
const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
const ENV_FROM_SOURCES = ['configMapRef', 'secretRef'];

/** The source fields set (a YAML null counts as unset, as a nil pointer in Go). */
function setFields(o: JsonObject, fields: readonly string[]): string[] {
  return fields.filter((f) => o[f] !== undefined && o[f] !== null);
}

const list = (fields: readonly string[]): string => fields.map((f) => `\`${f}\``).join(', ');

export const rule = defineRule({
  id: 'invalid-env-source',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'An env valueFrom or envFrom entry names no source or several, or valueFrom comes with a value, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const who = `container "${c.name ?? '?'}"`;
      const env = c.container.env;
      if (Array.isArray(env))
        env.forEach((e: unknown, i) => {
          if (!isObject(e) || !isObject(e.valueFrom)) return;
          const path = [...c.path, 'env', i, 'valueFrom'];
          const where = formatPath(path);
          const name = typeof e.name === 'string' ? `"${e.name}"` : `${i}`;
          const sources = setFields(e.valueFrom, VALUE_SOURCES);
          let problem: string | undefined;
          if (sources.length === 0)
            problem = `names no source (one of ${list(VALUE_SOURCES.slice(0, 4))}) [${where}: Invalid value: "": must specify one of: ${list(VALUE_SOURCES.slice(0, 4))}]`;
          else if (typeof e.value === 'string' && e.value !== '')
            problem = `also has a value [${where}: Invalid value: "": may not be specified when \`value\` is not empty]`;
          else if (sources.length > 1)
            problem = `names ${sources.length} sources (${list(sources)}) [${where}: Invalid value: "": may not have more than one field specified at a time]`;
          if (problem)
            ctx.report({
              path,
              key: true,
              message: `the valueFrom of env var ${name} of ${who} ${problem}, so the API server rejects the pod`,
            });
        });
      const envFrom = c.container.envFrom;
      if (Array.isArray(envFrom))
        envFrom.forEach((e: unknown, i) => {
          if (!isObject(e)) return;
          const path = [...c.path, 'envFrom', i];
          const where = formatPath(path);
          const sources = setFields(e, ENV_FROM_SOURCES);
          if (sources.length === 1) return;
          ctx.report({
            path,
            message:
              sources.length === 0
                ? `envFrom entry ${i} of ${who} names neither a configMapRef nor a secretRef, so the API server rejects the pod (${where}: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\`)`
                : `envFrom entry ${i} of ${who} names both a configMapRef and a secretRef; use one entry for each, as the API server rejects the pod (${where}: Invalid value: "": may not have more than one field specified at a time)`,
          });
        });
    }
  },
});
