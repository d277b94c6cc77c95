// ESLint flat config. TypeScript (src/, webview/, test/, bench/) is linted type-aware:
// the project service gives each file the nearest tsconfig.json (bench/ has its own).
// The build scripts and config files are plain CommonJS/ESM JavaScript for Node.
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import globals from 'globals';

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'node_modules/', '.cache/', 'media/', 'test-results/', '**/*.vsix']),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every eslint-disable comment must say why: `// eslint-disable-next-line rule -- reason`.
  comments.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': 'error',
    },
  },

  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers, arrays, booleans and `never` print predictably in a template; objects do not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowArray: true, allowNever: true, allowBoolean: true },
      ],
      // A leading underscore marks a name kept on purpose (a positional parameter, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Off: many async functions here are callbacks whose shape an API requires (a handler that
      // must return a promise, an interface method) and simply have nothing to await. The promise
      // rules (no-floating-promises, no-misused-promises, await-thenable) catch the real bugs.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // The command line runs without VS Code, and so must the host modules it shares with the
  // extension (the kernel supervisor, the .rnnb format, the output metadata convention);
  // test/unit/cli/layering.test.ts checks the same through every module they import.
  {
    files: ['src/cli/**/*.ts', 'src/host/kernelClient.ts', 'src/host/notebook/rnnbFormat.ts', 'src/host/notebook/outputMetadata.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'the command line (src/cli) uses this module without VS Code' }] }],
    },
  },

  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'webpack.config.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
  },

  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
  },
);
