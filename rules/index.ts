import type { Rule } from '../src/engine/index.js';
import { rule as duplicateContainerName } from './duplicate-container-name/rule.js';
import { rule as hpaTargetMissing } from './hpa-target-missing/rule.js';
import { rule as ingressBackendMissing } from './ingress-backend-missing/rule.js';
import { rule as initContainerReadinessProbe } from './init-container-readiness-probe/rule.js';
import { rule as jobRestartPolicyAlways } from './job-restart-policy-always/rule.js';
import { rule as latestTagImplicitPull } from './latest-tag-implicit-pull/rule.js';
import { rule as pdbSelectorMatchesNothing } from './pdb-selector-matches-nothing/rule.js';
import { rule as probePortNotExposed } from './probe-port-not-exposed/rule.js';
import { rule as serviceSelectorMatchesNothing } from './service-selector-matches-nothing/rule.js';
import { rule as serviceTargetPortNotExposed } from './service-target-port-not-exposed/rule.js';

/** The registry of built-in rules: one entry per folder under rules/. */
export const builtinRules: readonly Rule[] = [
  duplicateContainerName,
  hpaTargetMissing,
  ingressBackendMissing,
  initContainerReadinessProbe,
  jobRestartPolicyAlways,
  latestTagImplicitPull,
  pdbSelectorMatchesNothing,
  probePortNotExposed,
  serviceSelectorMatchesNothing,
  serviceTargetPortNotExposed,
];
