export {
  defineRule,
  docsUrlOf,
  type Category,
  type Report,
  type Rule,
  type RuleContext,
  type RuleInfo,
  type RuleMeta,
} from './rule.js';
export {
  insertEntry,
  renameKey,
  replaceScalar,
  setValue,
  type FixSpec,
  type YamlChange,
  type YamlValue,
} from '../fix/change.js';
export { CORE_RULES } from './core-rules.js';
export {
  ConfigError,
  ConfigResolver,
  configFileIn,
  loadConfigFile,
  parseSeverity,
  settingIn,
  type Config,
  type RuleSetting,
} from './config.js';
export { RuleError, runRules } from './run.js';
export { PRESETS, presetsOf, type Preset } from './presets.js';
export {
  lint,
  lintTexts,
  loadInputs,
  allRuleInfos,
  ruleIdsOf,
  type FileResult,
  type LintOptions,
  type LintResult,
  type EnabledRule,
  type Unloaded,
} from './lint.js';
