// ESLint flat config: typescript-eslint's recommended rules, plus the layer rule that keeps Node I/O
// and the wall clock out of the pure core (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCore = ['src/shared/**', 'src/ocpp/**', 'src/smart-charging/**', 'src/station/**', 'src/queue/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'src/ocpp/generated/**', 'dist/**', 'web/dist/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: pureCore,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'ws', 'better-sqlite3', 'fs', 'net', 'http', 'https', 'path', 'os'], message: 'The pure core does no I/O: take a port instead.' },
        { group: ['**/runtime/**', '**/csms/**', '**/api/**', '**/cli/**', '**/persistence/**', '**/rpc/**'], message: 'The pure core imports nothing above it.' },
      ] }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected Clock.' },
        { selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate)$/]", message: 'Use the injected Clock.' },
      ],
    },
  },
  {
    files: ['src/csms/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/station/**', '**/runtime/**'], message: 'The embedded central system never imports station code.' }] }],
    },
  },
);
