import type { Rule } from '../src/engine/index.js';
import { rule as apparmorProfileDisallowed } from './apparmor-profile-disallowed/rule.js';
import { rule as capabilitiesNotMinimal } from './capabilities-not-minimal/rule.js';
import { rule as capabilityBeyondBaseline } from './capability-beyond-baseline/rule.js';
import { rule as containerRuntimeSocketMount } from './container-runtime-socket-mount/rule.js';
import { rule as crashloopExitsImmediately } from './crashloop-exits-immediately/rule.js';
import { rule as defaultNamespace } from './default-namespace/rule.js';
import { rule as deprecatedApiVersion } from './deprecated-api-version/rule.js';
import { rule as duplicateContainerName } from './duplicate-container-name/rule.js';
import { rule as duplicateMountPath } from './duplicate-mount-path/rule.js';
import { rule as duplicatePortName } from './duplicate-port-name/rule.js';
import { rule as duplicateVolumeName } from './duplicate-volume-name/rule.js';
import { rule as envLiteralSecret } from './env-literal-secret/rule.js';
import { rule as hostNamespaceShared } from './host-namespace-shared/rule.js';
import { rule as hostPathVolume } from './host-path-volume/rule.js';
import { rule as hostPortSet } from './host-port-set/rule.js';
import { rule as hostProcessContainer } from './host-process-container/rule.js';
import { rule as hpaTargetMissing } from './hpa-target-missing/rule.js';
import { rule as imageNotPinnedByDigest } from './image-not-pinned-by-digest/rule.js';
import { rule as imageRegistryNotAllowed } from './image-registry-not-allowed/rule.js';
import { rule as ingressBackendMissing } from './ingress-backend-missing/rule.js';
import { rule as initContainerNeverCompletes } from './init-container-never-completes/rule.js';
import { rule as initContainerReadinessProbe } from './init-container-readiness-probe/rule.js';
import { rule as initWaitsForMissingService } from './init-waits-for-missing-service/rule.js';
import { rule as invalidContainerName } from './invalid-container-name/rule.js';
import { rule as invalidCronSchedule } from './invalid-cron-schedule/rule.js';
import { rule as invalidCronjobSpec } from './invalid-cronjob-spec/rule.js';
import { rule as invalidEnvSource } from './invalid-env-source/rule.js';
import { rule as invalidEnvVarName } from './invalid-env-var-name/rule.js';
import { rule as invalidIngressBackend } from './invalid-ingress-backend/rule.js';
import { rule as invalidJobSpec } from './invalid-job-spec/rule.js';
import { rule as invalidMetadata } from './invalid-metadata/rule.js';
import { rule as invalidPortName } from './invalid-port-name/rule.js';
import { rule as invalidServicePort } from './invalid-service-port/rule.js';
import { rule as invalidServiceSpec } from './invalid-service-spec/rule.js';
import { rule as invalidVolumeName } from './invalid-volume-name/rule.js';
import { rule as jobNeverCompletes } from './job-never-completes/rule.js';
import { rule as jobRestartPolicyAlways } from './job-restart-policy-always/rule.js';
import { rule as latestTagImplicitPull } from './latest-tag-implicit-pull/rule.js';
import { rule as livenessEqualsReadiness } from './liveness-equals-readiness/rule.js';
import { rule as livenessProbeNeverSucceeds } from './liveness-probe-never-succeeds/rule.js';
import { rule as missingLivenessProbe } from './missing-liveness-probe/rule.js';
import { rule as missingMemoryLimit } from './missing-memory-limit/rule.js';
import { rule as missingReadinessProbe } from './missing-readiness-probe/rule.js';
import { rule as missingResourceRequests } from './missing-resource-requests/rule.js';
import { rule as pdbBlocksEviction } from './pdb-blocks-eviction/rule.js';
import { rule as pdbMissing } from './pdb-missing/rule.js';
import { rule as pdbSelectorMatchesNothing } from './pdb-selector-matches-nothing/rule.js';
import { rule as portOutOfRange } from './port-out-of-range/rule.js';
import { rule as prestopExceedsGracePeriod } from './prestop-exceeds-grace-period/rule.js';
import { rule as privilegeEscalationAllowed } from './privilege-escalation-allowed/rule.js';
import { rule as privilegedContainer } from './privileged-container/rule.js';
import { rule as probeHandlerCount } from './probe-handler-count/rule.js';
import { rule as probeHostSet } from './probe-host-set/rule.js';
import { rule as probePortNotExposed } from './probe-port-not-exposed/rule.js';
import { rule as probeThresholdInvalid } from './probe-threshold-invalid/rule.js';
import { rule as procMountUnmasked } from './proc-mount-unmasked/rule.js';
import { rule as procMountUnmaskedUserNamespace } from './proc-mount-unmasked-user-namespace/rule.js';
import { rule as readinessNeverReady } from './readiness-never-ready/rule.js';
import { rule as removedApiVersion } from './removed-api-version/rule.js';
import { rule as replicasNotSpread } from './replicas-not-spread/rule.js';
import { rule as resourceRequestExceedsLimit } from './resource-request-exceeds-limit/rule.js';
import { rule as restartPolicyNotAlways } from './restart-policy-not-always/rule.js';
import { rule as rollingUpdateInvalid } from './rolling-update-invalid/rule.js';
import { rule as rootFilesystemWritable } from './root-filesystem-writable/rule.js';
import { rule as runAsNonRootNotRequired } from './run-as-non-root-not-required/rule.js';
import { rule as runAsUserRoot } from './run-as-user-root/rule.js';
import { rule as seccompProfileNotSet } from './seccomp-profile-not-set/rule.js';
import { rule as seccompProfileUnconfined } from './seccomp-profile-unconfined/rule.js';
import { rule as selectorTemplateMismatch } from './selector-template-mismatch/rule.js';
import { rule as selinuxOptionsDisallowed } from './selinux-options-disallowed/rule.js';
import { rule as serviceAccountTokenAutomount } from './service-account-token-automount/rule.js';
import { rule as serviceSelectorMatchesNothing } from './service-selector-matches-nothing/rule.js';
import { rule as serviceTargetPortNotExposed } from './service-target-port-not-exposed/rule.js';
import { rule as singleReplica } from './single-replica/rule.js';
import { rule as sysctlUnsafe } from './sysctl-unsafe/rule.js';
import { rule as volumeMountMissingVolume } from './volume-mount-missing-volume/rule.js';
import { rule as volumeTypeDisallowed } from './volume-type-disallowed/rule.js';

/** The registry of built-in rules: one entry per folder under rules/. */
export const builtinRules: readonly Rule[] = [
  apparmorProfileDisallowed,
  capabilitiesNotMinimal,
  capabilityBeyondBaseline,
  containerRuntimeSocketMount,
  crashloopExitsImmediately,
  defaultNamespace,
  deprecatedApiVersion,
  duplicateContainerName,
  duplicateMountPath,
  duplicatePortName,
  duplicateVolumeName,
  envLiteralSecret,
  hostNamespaceShared,
  hostPathVolume,
  hostPortSet,
  hostProcessContainer,
  hpaTargetMissing,
  imageNotPinnedByDigest,
  imageRegistryNotAllowed,
  ingressBackendMissing,
  initContainerNeverCompletes,
  initContainerReadinessProbe,
  initWaitsForMissingService,
  invalidContainerName,
  invalidCronSchedule,
  invalidCronjobSpec,
  invalidEnvSource,
  invalidEnvVarName,
  invalidIngressBackend,
  invalidJobSpec,
  invalidMetadata,
  invalidPortName,
  invalidServicePort,
  invalidServiceSpec,
  invalidVolumeName,
  jobNeverCompletes,
  jobRestartPolicyAlways,
  latestTagImplicitPull,
  livenessEqualsReadiness,
  livenessProbeNeverSucceeds,
  missingLivenessProbe,
  missingMemoryLimit,
  missingReadinessProbe,
  missingResourceRequests,
  pdbBlocksEviction,
  pdbMissing,
  pdbSelectorMatchesNothing,
  portOutOfRange,
  prestopExceedsGracePeriod,
  privilegeEscalationAllowed,
  privilegedContainer,
  probeHandlerCount,
  probeHostSet,
  probePortNotExposed,
  probeThresholdInvalid,
  procMountUnmasked,
  procMountUnmaskedUserNamespace,
  readinessNeverReady,
  removedApiVersion,
  replicasNotSpread,
  resourceRequestExceedsLimit,
  restartPolicyNotAlways,
  rollingUpdateInvalid,
  rootFilesystemWritable,
  runAsNonRootNotRequired,
  runAsUserRoot,
  seccompProfileNotSet,
  seccompProfileUnconfined,
  selectorTemplateMismatch,
  selinuxOptionsDisallowed,
  serviceAccountTokenAutomount,
  serviceSelectorMatchesNothing,
  serviceTargetPortNotExposed,
  singleReplica,
  sysctlUnsafe,
  volumeMountMissingVolume,
  volumeTypeDisallowed,
];
