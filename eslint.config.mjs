// Typed lint. The import rules keep the layering of DESIGN.md true:
// app → server/trpc → server/domain → server/db; worker → domain; domain never imports app,
// trpc, worker or Next; providers import none of webhooks/domain/worker.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'src/server/db/generated/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      '*.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['src/server/domain/**'],
    rules: restrict([
      {
        group: [
          '@/app/*',
          '**/app/*',
          'next',
          'next/*',
          '@/server/trpc/*',
          '**/trpc/*',
          '@/worker/*',
          '**/worker/*',
          '@trpc/*',
        ],
        message: 'domain code stays free of the web, tRPC and worker layers',
      },
    ]),
  },
  {
    files: ['src/server/providers/**'],
    rules: restrict([
      {
        group: ['**/webhooks/*', '**/domain/*', '**/worker/*', '@/app/*'],
        message: 'providers are used by webhooks/domain/worker, never the reverse',
      },
    ]),
  },
  {
    files: ['src/server/**', 'src/worker/**'],
    rules: restrict([
      { group: ['@/app/*', '**/src/app/*'], message: 'server code never imports from src/app' },
    ]),
  },
  {
    files: ['src/worker/**'],
    rules: restrict([
      {
        group: ['@/server/trpc/*', '**/trpc/*', '@/app/*'],
        message: 'the worker calls domain services, not tRPC',
      },
    ]),
  },
);
