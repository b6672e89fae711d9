// Lint enforces the dependency direction from shared/HOUSE_STYLE.md:
//   app → components → lib, server → lib; lib/domain is plain TypeScript.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const infra = ['ws', 'ioredis', 'pg', 'postgres', '@electric-sql/pglite', 'pino', 'next', 'next/*', 'react', 'react-dom', 'react/*'];
const react = ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'data/**', 'test-results/**', 'playwright-report/**', 'public/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['lib/**'],
    ignores: ['lib/hooks/**', 'lib/stores/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: react, message: 'Only lib/hooks and lib/stores import React or zustand.' },
          { group: ['@/app/*', '@/components/*', '@/server/*'], message: 'lib is the bottom layer: it imports nothing from app, components or server.' },
        ],
      }],
    },
  },
  {
    files: ['lib/client/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...react, 'ws', 'ioredis', 'pino', 'node:*'], message: 'lib/client runs in the browser: framework-free and Node-free.' },
          { group: ['@/app/*', '@/components/*', '@/server/*'], message: 'lib is the bottom layer.' },
        ],
      }],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@/app/*', '@/server/*'], message: 'components import only lib.' },
          { group: ['ws', 'ioredis', 'pino', '@/lib/bus/*', '@/lib/ws/*', '@/lib/server/*'], message: 'components run in the browser; server-side modules stay out.' },
        ],
      }],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/app/*', '@/components/*'], message: 'server imports only lib.' }],
      }],
    },
  },
  // Last, so it wins over the lib/** block: lib/domain gets every restriction at once.
  {
    files: ['lib/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: infra, message: 'lib/domain is plain TypeScript: no framework, socket, database or Redis imports.' },
          { group: ['zustand', 'zustand/*', 'node:*'], message: 'lib/domain is plain TypeScript: no state library or Node API.' },
          { group: ['@/lib/*', '!@/lib/domain', '!@/lib/domain/*', '@/app/*', '@/components/*', '@/server/*', '../*'], message: 'lib/domain imports only lib/domain.' },
        ],
      }],
    },
  },
];

export default config;
