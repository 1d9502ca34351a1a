import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.tmp/', 'bench/.data/', 'dist/', 'release/', 'node_modules/', '.electron-native/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The renderer reaches the core only through the typed contract.
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '**/electron/**', 'electron'], message: 'The renderer and shared code use the contract, not Node or the main process.' }] },
      ],
    },
  },
  {
    // The core is the domains (each with its handlers beside its services): no Electron, no surface.
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core runs without Electron (CLI, browser mode, tests): put desktop-only code in electron/main/.' }],
          patterns: [{ group: ['**/main/**', '**/server/**', '**/cli/**', '**/preload/**', '!**/core/**'], message: 'The core must not import a surface (main, server, cli, preload).' }],
        },
      ],
    },
  },
  {
    // Surfaces reach the core through dispatch and the contract, and never each other.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/cli/**', '**/main/**', '**/preload/**'], message: 'Surfaces do not import each other.' }] }],
    },
  },
  {
    files: ['electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/**', '**/main/**', '**/preload/**'], message: 'Surfaces do not import each other.' }] }],
    },
  },
  {
    // The one exception: `pinlist serve` starts browser mode through its public entry, server.ts.
    // Commands reach the core through the runtime (`runtime.call(channel, input)`), never behind the
    // contract, and load it only when a command runs (decision 0009): no value import of the core
    // at the top of a CLI module (types are erased; paths.ts resolves the data folder without it).
    files: ['electron/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/preload/**', '**/server/**', '!**/server/server.js'], message: 'Surfaces do not import each other (the CLI may start browser mode through server/server.js only).' },
            {
              group: ['**/core/**', '!**/core/paths.js'],
              allowTypeImports: true,
              message: 'CLI commands reach the core through dispatch: `setup.runtime().call(channel, input)` (add a channel to shared/contract if none fits). Only types may be imported from the core.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nor load it by hand inside an action: `await import('…/core/…')` is the same reach behind the
    // contract. serve is the exception: it hosts browser mode (the server, the scheduler, audience readings).
    files: ['electron/cli/commands/**/*.ts'],
    ignores: ['electron/cli/commands/serve.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/\\/core\\//]', message: 'CLI commands reach the core through dispatch: `setup.runtime().call(channel, input)`, not import().' },
      ],
    },
  },
);
