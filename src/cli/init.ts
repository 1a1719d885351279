import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliOptions } from './args.js';
import type { CliIo } from './main.js';

const FILE = '.kubelint.yaml';

/** The starter config `kubelint init` writes: every field, explained; it validates and lints clean. */
export const STARTER_CONFIG = `# kubelint configuration: https://github.com/kubelint/kubelint#configuration
# Editors with the YAML language server validate and complete this file from its JSON Schema:
# yaml-language-server: $schema=https://raw.githubusercontent.com/kubelint/kubelint/main/schemas/kubelint-config.schema.json

# Presets and other config files this one builds on, applied in order (later entries win, and the
# settings below win over all of them). Presets: recommended (the default), strict (every rule),
# pss-baseline and pss-restricted (the Pod Security Standards). Paths are relative to this file,
# e.g. ../org/kubelint.yaml; their policies are inherited.
extends: [recommended]

# The Kubernetes minor whose schemas validate the manifests (default: the newest embedded).
# kubernetesVersion: "1.34"

# Directories of JSON Schemas for custom kinds no CRD in the input defines, named like kubeconform's
# (<kind>-<group>-<version>.json), relative to this file. --schema-dir adds to them.
# schemaDirs: [./schemas]

# Rule id → off | info | warning | error, or [severity, {options}]. \`kubelint rules\` lists them.
rules: {}
#   latest-tag-implicit-pull: error
#   not-a-manifest: off

# Files and directories not to lint: globs relative to the working directory.
ignore: []
#   - charts/**/templates

# House rules: an assert (a JavaScript expression, see "Writing policies" in the README) that must
# hold for every matched resource. A policy is a rule: rules:, suppressions and reports apply.
policies: []
#   - id: team-label
#     severity: error
#     match: { kinds: [Deployment, StatefulSet] }
#     assert: metadata.labels?.team != null
#     message: '{{kind}} "{{name}}" has no team label'
`;

/** `kubelint init`: write the starter config into the working directory, never over an existing one. */
export function runInit(options: CliOptions, io: CliIo): number {
  const path = join(io.cwd, FILE);
  if (existsSync(path) && !options.force)
    throw new UsageError(`${FILE} already exists; use --force to overwrite it`);
  writeFileSync(path, STARTER_CONFIG);
  io.stdout(`wrote ${FILE}\n`);
  return 0;
}
