export {
  insertEntry,
  renameKey,
  replaceScalar,
  setValue,
  type FixSpec,
  type InsertOptions,
  type YamlChange,
  type YamlScalar,
  type YamlValue,
} from './change.js';
export { editsFor } from './edit.js';
export { applyEdits, compatibleFixes } from './apply.js';
export { lazyFix } from './lazy.js';
