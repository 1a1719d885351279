import type { RuleContext } from '../engine/rule.js';
import { ServiceIndex, simulateDoc } from './index.js';
import type { FactId, PodTrace } from './simulate.js';

/** The lifecycle trace of the rule's document, computed once per document and shared by all lifecycle rules. */
export function traceOf(ctx: RuleContext): PodTrace | undefined {
  const services = ctx.memo('lifecycle:services', () => new ServiceIndex(ctx.index, ctx.namespaceOf), 'run');
  return ctx.memo('lifecycle:trace', () =>
    simulateDoc(ctx.doc, { services, namespace: ctx.namespaceOf(ctx.doc) }),
  );
}

/** Lifecycle rules turn the evaluator's facts of one kind into findings. */
export function reportFacts(ctx: RuleContext, id: FactId): void {
  for (const fact of traceOf(ctx)?.facts ?? []) {
    if (fact.id !== id) continue;
    ctx.report({ path: fact.path, message: fact.message, severity: fact.severity, key: fact.key });
  }
}
