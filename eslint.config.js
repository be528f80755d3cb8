// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every feature folder may import core and adapters, never another feature or the app. */
const features = (() => {
  try {
    return readdirSync('src/features', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
})();

/** Dependencies point one way: core ← adapters ← features ← app; pipeline → core. */
const layerZones = [
  {
    target: './src/core',
    from: ['./src/adapters', './src/features', './src/app', './pipeline', './training'],
    message: 'src/core is the bottom layer: it imports nothing above it.',
  },
  {
    target: './src/adapters',
    from: ['./src/features', './src/app', './pipeline'],
    message: 'adapters may import core only.',
  },
  {
    target: './src/features',
    from: ['./src/app', './pipeline'],
    message: 'features may import core and adapters only.',
  },
  ...features.map((name) => ({
    target: `./src/features/${name}`,
    from: './src/features',
    except: [`./${name}`],
    message: 'no feature imports another feature; compose them in src/app.',
  })),
  { target: './src', from: './pipeline', message: 'the app never imports the command-line pipeline.' },
  {
    target: './pipeline',
    from: ['./src/adapters', './src/features', './src/app'],
    message: 'the pipeline shares src/core only, never browser code.',
  },
  {
    target: ['./pipeline', './test-support'],
    from: './e2e',
    message: 'the benchmarks and the e2e specs share the browser harness in test-support/browser, not each other.',
  },
  {
    target: './e2e',
    from: './pipeline',
    message:
      'e2e runs the pipeline as a command (npx tsx pipeline/…), as a user would; shared test code lives in test-support.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'public/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'scratch/**',
      'training/.cache/**',
      '.devdata/**',
      '.devw/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.node.json', './tsconfig.node-tests.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.node.json', 'tsconfig.node-tests.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'error',
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '@cornerstonejs/*', '@tensorflow/*', 'node:*', 'dcmjs'],
              message: 'src/core is pure TypeScript shared by the browser and the pipeline.',
            },
          ],
        },
      ],
    },
  },
  {
    // An adapter or a feature is used through its index.ts, its public face; the report writers
    // alone are loaded on demand by path (dynamic imports are not checked here).
    files: ['src/features/**', 'src/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/*/*'], message: 'Import an adapter through its index.ts.' },
            { group: ['../features/*/*', '../../features/*/*'], message: 'Import a feature through its index.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
