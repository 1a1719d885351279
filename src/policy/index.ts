export {
  compilePolicy,
  policySpecOf,
  PolicyConfigError,
  type PolicySpec,
  type PolicyRule,
  type PolicyMatch,
} from './policy.js';
export { parseExpression, PolicySyntaxError, type CheckedExpression } from './parse.js';
export { evaluate, PolicyRuntimeError, DEFAULT_STEP_BUDGET } from './evaluate.js';
