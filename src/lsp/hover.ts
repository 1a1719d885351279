import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node.js';
import type { RuleInfo } from '../engine/index.js';
import type { ManifestDoc } from '../load/types.js';
import { describeField, displayPath } from '../schema/index.js';
import type { Published } from './actions.js';
import { rangeContains, toLspRange } from './convert.js';

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

/**
 * On a field of a kind with an embedded schema: what `kubectl explain` says about it — its type,
 * whether it is required, its description — for the key or value at `offset`.
 */
export function fieldHover(docs: readonly ManifestDoc[], offset: number, version: string): Hover | null {
  for (const doc of docs) {
    const at = doc.pathAt(offset);
    const resource = doc.resource;
    if (!at || !resource || at.path.length === 0) continue;
    const field = describeField(version, resource.apiVersion, resource.kind, at.path);
    if (!field) return null;
    const lines = [`**${displayPath(at.path)}** \`<${field.type}>\`${field.required ? ' *(required)*' : ''}`];
    if (field.description) lines.push(field.description);
    if (field.enum?.length) lines.push(`Values: ${field.enum.map((v) => `\`${v}\``).join(', ')}`);
    lines.push(`*${resource.kind} (${resource.apiVersion}) · Kubernetes ${version}*`);
    return {
      contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') },
      range: toLspRange(doc.locate(at.path, { key: at.key })),
    };
  }
  return null;
}

/** Both hovers at one position: the diagnostics' rules first, then the field. */
export function mergeHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (!first || !second) return first ?? second;
  const text = (h: Hover): string =>
    typeof h.contents === 'object' && 'kind' in h.contents ? h.contents.value : '';
  const hover: Hover = {
    contents: { kind: MarkupKind.Markdown, value: `${text(first)}\n\n---\n\n${text(second)}` },
  };
  if (first.range) hover.range = first.range;
  return hover;
}
