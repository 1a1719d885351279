import { defineRule, type Report } from '../../src/engine/index.js';
import { relaxedEnvVarNameErrors, strictEnvVarNameErrors } from '../../src/k8s/names.js';
import { formatPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

// ValidateEnv and ValidateEnvFrom check env[].name and envFrom[].prefix. Since KEP-4369
// (RelaxedEnvironmentVariableValidation: alpha 1.30, on by default from 1.32, GA in 1.34) the API
// server only requires printable ASCII other than '=' (IsRelaxedEnvVarName); before that it
// required a C-like identifier with '.' and '-' (IsEnvVarName). kubelint's schemas start at 1.34,
// so only the relaxed rule is an error; a name that only the strict rule rejects is a warning
// (older clusters reject it, and many shells and programs cannot read it).
export const rule = defineRule({
  id: 'invalid-env-var-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'An env var name or envFrom prefix is empty or has characters the API server rejects (an error), or that clusters before 1.32 reject (a warning)',
  },
  check(_doc, ctx) {
    const check = (path: JsonPath, value: string, what: string): void => {
      const where = formatPath(path);
      const relaxed = relaxedEnvVarNameErrors(value);
      if (relaxed.length) {
        ctx.report({
          path,
          message:
            value === ''
              ? `${what} is empty, so the API server rejects the pod (${where}: Required value)`
              : `${what} ${JSON.stringify(value)} has a character the API server rejects, so the pod is rejected (${where}: Invalid value: ${JSON.stringify(value)}: ${relaxed.join(', ')})`,
        });
        return;
      }
      const strict = strictEnvVarNameErrors(value);
      if (strict.length)
        ctx.report({
          path,
          severity: 'warning',
          message: `${what} ${JSON.stringify(value)} is accepted by Kubernetes 1.32 and later, but API servers before 1.32 reject it (${strict.join(', ')}), and shells cannot read it as a variable`,
        });
    };
    for (const c of ctx.containers()) {
      const env = c.container.env;
      if (Array.isArray(env))
        env.forEach((e: unknown, i) => {
          if (isObject(e) && typeof e.name === 'string')
            check([...c.path, 'env', i, 'name'], e.name, `env var name of container "${c.name ?? '?'}"`);
        });
      const envFrom = c.container.envFrom;
      if (Array.isArray(envFrom))
        envFrom.forEach((e: unknown, i) => {
          // An empty prefix means none.
          if (isObject(e) && typeof e.prefix === 'string' && e.prefix !== '')
            check(
              [...c.path, 'envFrom', i, 'prefix'],
              e.prefix,
              `envFrom prefix of container "${c.name ?? '?'}"`,
            );
        });
    }
  },
});
