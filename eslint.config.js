import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PARSER_PRIVATE = {
  name: '@stoplight/yaml-ast-parser',
  message: 'Only src/load knows which parser produced a document.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'bench/corpus/**', 'coverage/**'] },
  js.configs.recommended,
  { files: ['bin/*.js'], languageOptions: { globals: { process: 'readonly' } } },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval']",
          message: 'No eval: user input is never evaluated.',
        },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'No Function constructor: user input is never evaluated.',
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['src/load/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [PARSER_PRIVATE] }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [PARSER_PRIVATE],
          patterns: [
            { regex: '^node:', message: 'Rules are pure: no fs, process or other Node APIs.' },
            {
              regex: '^\\.\\./\\.\\./src/(?!engine/|k8s/|lifecycle/)',
              message: 'Rules import only src/engine, src/k8s and (for lifecycle facts) src/lifecycle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/load/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(engine|lifecycle|report|cli|lsp|policy|schema)/',
              message: 'load is the first stage: it imports no later stage.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(lifecycle|report|cli|lsp)/', message: 'engine imports only earlier stages.' },
            { regex: 'rules/', message: 'The engine never imports rule content.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
