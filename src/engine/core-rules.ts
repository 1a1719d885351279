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
  ...schemaRules(),
];

// The schema pass (src/schema): the embedded OpenAPI schema of the target Kubernetes version.
function schemaRules(): (RuleInfo & { help: string })[] {
  const correctness = (id: string, description: string, help: string): RuleInfo & { help: string } =>
    core(id, { category: 'correctness', severity: 'error', recommended: true, description }, help);
  return [
    correctness(
      'schema-unknown-field',
      "A field does not exist in the resource's schema, which strict field validation rejects",
      "The field is not part of the resource's schema for the target Kubernetes version (`--kubernetes-version`, default the newest embedded). `kubectl apply --validate=strict` rejects the object; lenient validation silently drops the field, so the setting never takes effect — usually a typo or a field at the wrong level. The finding points at the key and suggests a close field name. `--no-strict` turns this check off.",
    ),
    correctness(
      'schema-type',
      'A value has the wrong type for its field, which the API server rejects',
      'The value\'s type does not match the schema: a quoted number where an integer is expected (`containerPort: "80"`), a string where a list is expected, a quantity that is neither a number nor a string. Remember that YAML reads `yes`, `on` and `0755` the way Kubernetes does (YAML 1.1).',
    ),
    correctness(
      'schema-required',
      'A required field is missing, which the API server rejects',
      "The schema marks the field as required (a pod spec's `containers`, a container's `name`, a Service port's `port`). The finding points at the key of the object that lacks it.",
    ),
    correctness(
      'schema-enum',
      'A value is not one of the values its field allows',
      'The field accepts a fixed set of values that its API documentation states ("One of Always, OnFailure, Never"): `restartPolicy`, `imagePullPolicy`, `preemptionPolicy`. kubelint checks only enumerations the schema states without ambiguity.',
    ),
    correctness(
      'schema-format',
      'A value does not have the format its field requires (quantity, date-time, base64, 32-bit integer)',
      'The value has the right type but not the right form: a resource quantity the API server cannot parse (`memory: 1GB`; write `1G` or `1Gi`), a timestamp that is not RFC 3339, Secret `data` that is not base64, or an integer outside the 32-bit range. For custom resources, also a value outside the bounds its CustomResourceDefinition sets (`pattern`, `minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems`), and a repeated item of a list its schema declares `x-kubernetes-list-type: set` (items unique) or `map` (items unique by their `x-kubernetes-list-map-keys`).',
    ),
    correctness(
      'crd-schema-invalid',
      'A CustomResourceDefinition schema breaks the structural-schema rules, so the API server rejects it',
      'The `openAPIV3Schema` of a CustomResourceDefinition version must be a structural schema: a `type` on the root (`object`) and on every field and item schema (except under `x-kubernetes-int-or-string` or `x-kubernetes-preserve-unknown-fields`), `properties` and `additionalProperties` not on the same node, `items` a single schema, no `$ref`, no `uniqueItems: true`, and `x-kubernetes-preserve-unknown-fields` only `true`; `x-kubernetes-list-type` one of `atomic`, `set`, `map` on a list, with `x-kubernetes-list-map-keys` naming scalar properties of object items for `map` (each required or defaulted, not nullable); every `default` must validate against its own schema as written (no unknown fields, nested defaults not filled in); and every `x-kubernetes-validations` rule must be valid CEL, not empty, with a `message` when it spans lines. The API server refuses the CustomResourceDefinition otherwise, so its custom resources cannot be created; kubelint does not validate them either (they get `unknown-kind`). The finding points at the offending keyword, or at the node that lacks it.',
    ),
    correctness(
      'crd-validation-rule',
      'A custom resource breaks a CEL validation rule (x-kubernetes-validations) of its CustomResourceDefinition',
      "CustomResourceDefinitions attach CEL rules to their schema (`x-kubernetes-validations`); the API server evaluates each one with `self` bound to the value it is attached to (defaults applied) and rejects the object when a rule is false, with the rule's `message`, its `messageExpression`, or `failed rule: <rule>`. The finding points at the rule's `fieldPath` when it has one, else at the value. kubelint evaluates rules with a CEL interpreter that walks the expression (no code generation, no eval); rules it cannot evaluate exactly (Kubernetes library functions beyond the list functions and `charAt`/`replace` — `url`, `quantity`, `ip`, `cidr`, `format`, `find`, …; `matches` with patterns that RE2 and JavaScript read differently or that could backtrack) are not checked, and the CustomResourceDefinition gets one info finding saying how many. Transition rules (using `oldSelf`) apply to updates only and are skipped. A rule that is not valid CEL makes the API server refuse the CustomResourceDefinition: `crd-schema-invalid`.",
    ),
    core(
      'unknown-kind',
      {
        category: 'correctness',
        severity: 'info',
        recommended: true,
        description: "No schema is known for the resource's apiVersion and kind, so it is not validated",
      },
      'kubelint embeds the schemas of the built-in Kubernetes kinds for each supported version. A custom resource is validated when its CustomResourceDefinition is part of the input or a `--schema-dir` holds its schema; a custom resource without either, a kind from a newer release, or a misspelt apiVersion has no schema: its fields are not checked. When the kind exists under another apiVersion, or the CustomResourceDefinition does not serve that version or has an invalid schema, the message says so.',
    ),
  ];
}
