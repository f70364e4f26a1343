// Import directions (see docs/ARCHITECTURE.md) are enforced here and by test/unit/architecture.test.ts.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' },
            { name: 'node:sqlite', message: 'Only src/store/ may load node:sqlite.' },
            { name: 'pg', message: 'Only src/server/ may import pg.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'pg', message: 'Only src/server/ may import pg.' }] }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' },
            { name: 'node:sqlite', message: 'Only src/store/ may load node:sqlite.' },
          ],
        },
      ],
    },
  },
);
