import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node.js';
import type { RuleInfo } from '../engine/index.js';
import type { Published } from './actions.js';
import { rangeContains } from './convert.js';

/** On a diagnostic: what each rule at the position checks, and where its documentation is. */
export function hoverFor(
  published: readonly Published[],
  position: Position,
  ruleOf: (id: string) => RuleInfo | undefined,
): Hover | null {
  const here = published.filter((p) => rangeContains(p.diagnostic.range, position.line, position.character));
  if (here.length === 0) return null;
  const ids = [...new Set(here.map((p) => p.finding.ruleId))];
  const sections = ids.map((id) => {
    const rule = ruleOf(id);
    if (!rule) return `**kubelint** \`${id}\``;
    const { description, category, docsUrl } = rule.meta;
    return `**kubelint** \`${id}\` (${category}): ${description}.\n\n[Documentation](${docsUrl})`;
  });
  const first = here[0]?.diagnostic.range;
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
  if (first && ids.length === 1) hover.range = first;
  return hover;
}
