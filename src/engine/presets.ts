import type { RuleInfo } from './rule.js';

/** The built-in presets a config can extend; each is derived from the rules' metadata, never listed. */
export const PRESETS = ['recommended', 'strict', 'pss-baseline', 'pss-restricted'] as const;
export type Preset = (typeof PRESETS)[number];

export function isPreset(name: string): name is Preset {
  return (PRESETS as readonly string[]).includes(name);
}

/**
 * Whether a rule belongs to a preset. The Pod Security Standards levels are cumulative (restricted
 * includes every baseline control, https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * The loader's and schema pass's findings (rules without a check, `core`) belong to every preset: a
 * document that cannot be read or does not match its schema cannot be checked for anything else.
 */
export function inPreset(preset: Preset, rule: RuleInfo, core = false): boolean {
  switch (preset) {
    case 'recommended':
      return rule.meta.recommended;
    case 'strict':
      return true;
    case 'pss-baseline':
      return rule.meta.pss === 'baseline' || (core && rule.meta.recommended);
    case 'pss-restricted':
      return rule.meta.pss !== undefined || (core && rule.meta.recommended);
  }
}

/** A pss preset with no rule of its own would silently check nothing: the config is rejected instead. */
export function presetIsEmpty(preset: Preset, rules: readonly RuleInfo[]): boolean {
  if (preset === 'pss-baseline') return !rules.some((r) => r.meta.pss === 'baseline');
  if (preset === 'pss-restricted') return !rules.some((r) => r.meta.pss !== undefined);
  return false;
}

/** The presets a rule belongs to, for `kubelint rules` and the README's rules table. */
export function presetsOf(rule: RuleInfo, core = false): Preset[] {
  return PRESETS.filter((p) => inPreset(p, rule, core));
}
