import { docsUrlOf, type RuleInfo, type RuleMeta } from './rule.js';

function core(id: string, meta: RuleMeta, help: string): RuleInfo & { help: string } {
  return { id, meta: { ...meta, docsUrl: docsUrlOf(id) }, help };
}

/**
 * Findings the loader emits before any rule runs. They are configurable like rules (severity, off)
 * but have no check function: reading the file produces them.
 */
export const CORE_RULES = [
  core(
    'yaml-syntax',
    {
      category: 'correctness',
      severity: 'error',
      recommended: true,
      description: 'The file is not valid YAML, so the document cannot be applied',
    },
    'The YAML parser could not read the document. kubectl would refuse the whole file; kubelint reports the position of the first error in each broken document and goes on with the next document (after the next `---`).',
  ),
  core(
    'duplicate-key',
    {
      category: 'correctness',
      severity: 'error',
      recommended: true,
      description:
        'A mapping repeats a key, which strict decoding rejects and lenient decoding silently resolves to the last value',
    },
    'YAML mappings must not repeat a key. `kubectl apply` with strict field validation rejects the object ("duplicate field"); lenient decoders keep the last value, so the first one is silently lost. The finding points at the repeated key; the related location is the first one.',
  ),
  core(
    'not-a-manifest',
    {
      category: 'style',
      severity: 'info',
      recommended: true,
      description: 'A YAML document has no apiVersion and kind, so it is not a Kubernetes object',
    },
    'Every Kubernetes object needs `apiVersion` and `kind`. Documents without them (Helm values, CI files, …) are skipped.',
  ),
  core(
    'file-unreadable',
    {
      category: 'correctness',
      severity: 'error',
      recommended: true,
      description: 'A file could not be read as UTF-8 YAML text',
    },
    'The file could not be read: missing permissions, binary content, an encoding other than UTF-8, or larger than --max-file-size.',
  ),
  core(
    'helm-template-not-rendered',
    {
      category: 'correctness',
      severity: 'warning',
      recommended: true,
      description: 'A file is an unrendered Helm template, not a manifest',
    },
    'Helm templates (`{{ .Values.x }}`, `{{ include … }}`) are not YAML until Helm renders them. kubelint reports one finding for the file instead of a cascade of syntax errors; lint the rendered output instead: `helm template my-release ./chart | kubelint -`.',
  ),
  core(
    'suppression-unknown-rule',
    {
      category: 'style',
      severity: 'warning',
      recommended: true,
      description: 'A suppression comment or kubelint.dev/ignore annotation names a rule that does not exist',
    },
    'A `# kubelint-disable…` comment or a `kubelint.dev/ignore` annotation lists a rule id kubelint does not know, usually a typo: the finding it was meant to silence is still reported. `kubelint rules` lists the ids.',
  ),
  core(
    'unused-suppression',
    {
      category: 'style',
      severity: 'warning',
      recommended: true,
      description: 'A suppression comment silences no finding (reported with --report-unused-disable)',
    },
    'With `--report-unused-disable`, a `# kubelint-disable…` comment that matched no finding is reported, so stale suppressions do not pile up and hide future problems.',
  ),
  core(
    'yaml-alias-limit',
    {
      category: 'correctness',
      severity: 'error',
      recommended: true,
      description: 'YAML aliases expand to an unreasonable size ("billion laughs")',
    },
    'Aliases (`*name`) that expand to more than 100,000 nodes are refused instead of expanded, protecting the linter (and the API server) from exponential entity expansion.',
  ),
];
