import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'test-artifacts/',
      'public/',
      'data/',
      'uploads/',
      '*.config.js',
      'scripts/*.js',
      'bench/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // A route is path → guard → loader → parse → service or page module → render/redirect: it never reads or
    // writes the database itself (docs/ARCHITECTURE.md, CONTRIBUTING.md).
    files: ['src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.repo', './*.repo', '../*/*.repo'],
              message: 'Route files call services, page modules and loaders, never a repo.',
            },
            {
              group: ['knex'],
              message: 'Route files do not talk to the database; use a service or a page module.',
            },
          ],
        },
      ],
    },
  },
);
