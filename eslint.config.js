// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.tsbuild/**', 'data/**', 'coverage/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['backend/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/storage/**',
                '**/connectors/**',
                '**/web/**',
                '**/infrastructure/**',
                '**/usecases/**',
              ],
              message: 'domain/ is pure: no I/O layers.',
            },
            {
              group: ['node:fs*', 'node:http*', 'node:net', 'pg', '@electric-sql/*', 'express'],
              message: 'domain/ is pure: no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['backend/src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/connectors/**', '**/storage/**'],
              message: 'Routes reach connectors and storage only through use cases.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['backend/src/cli/**/*.ts', 'backend/bench/**/*.ts', 'scripts/**', 'backend/scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
