import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'dist/', 'coverage/', 'devdb/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly' } },
  },
  {
    // The composition root sits on top: only main.ts, tests and benchmarks import it.
    files: ['adapters/**/*.ts', 'jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../root/*', '../../root/*', '../../../root/*'] }],
    },
  },
  {
    // Backups reach stored notes and job state only through ports (src/ports/backups.ts, jobState.ts).
    // The drill is the exception: it writes its own scratch database, which is no app storage.
    files: ['adapters/backups/**/*.ts'],
    ignores: ['adapters/backups/drill.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../root/*', '../../root/*', '../../../root/*', 'mongoose', 'mongodb', '../mongo/*'] }],
    },
  },
  {
    // The core imports no platform, CRM, database or scheduler code (DESIGN.md section 2).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@slack/*', 'botbuilder*', '@larksuiteoapi/*', '@hubspot/*', 'mongoose', 'mongodb', 'agenda', '@agendajs/*', 'pino', '../adapters/*', '../../adapters/*', '../jobs/*', '../../jobs/*'] },
      ],
    },
  },
);
