import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'bench/results/**']),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      // Core never imports a plugin: plugins reach core through the contract, core reads the registry.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx', 'prisma-free-db/**/*.ts'],
    ignores: ['prisma-free-db/config.ts', 'prisma-free-db/tools/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/plugins/*/**', '@/tests/**'], message: 'Core must not import a plugin: go through plugins/registry.ts and the contract.' }] },
      ],
    },
  },
]);
