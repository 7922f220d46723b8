// Typed lint, and the layering of docs/ARCHITECTURE.md as rules:
// - `import-x/no-restricted-paths` holds every "layer X never imports layer Y" zone in ONE rule,
//   so the zones add up (separate `no-restricted-imports` blocks per folder replaced each other);
// - `import-x/no-cycle` refuses import cycles anywhere in the source (type-only imports excepted).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Layers from the bottom up. A layer may import the layers before it, never those after it
// (each entry lists exceptions it may still use from above, with the reason).
const LAYERS = [
  ['lib', 'src/lib'],
  ['env', 'src/server/env.ts'],
  ['obs', 'src/server/obs'],
  ['db', 'src/server/db'],
  ['jobs', 'src/server/jobs'],
  ['providers', 'src/server/providers'],
  ['simulators', 'src/server/simulators'],
  ['domain', 'src/server/domain'],
  ['auth', 'src/server/auth'],
  ['health', 'src/server/health'],
  ['webhooks', 'src/server/webhooks'],
  ['trpc', 'src/server/trpc'],
  ['http', 'src/server/http'],
  ['worker', 'src/worker'],
  ['app', 'src/app'],
];

// Pairs that skip a layer on purpose: [importer, imported, why].
const ALLOWED_UPWARD = [
  ['lib', 'src/server/trpc/root.ts', "the console's tRPC client needs the router's type only"],
  ['simulators', 'src/server/domain/connections', 'simulators sign with the connection secret'],
];

// Layers a layer must not use although they sit below it: [importer, imported, why].
const FORBIDDEN_BELOW = [
  ['providers', 'db', 'a provider is its wire format: no database'],
  ['providers', 'jobs', 'a provider is its wire format: no job queue'],
];

// Layers that are siblings rather than stacked: neither may import the other.
const SIBLINGS = [
  ['worker', 'trpc'],
  ['worker', 'webhooks'],
  ['worker', 'http'],
  ['worker', 'auth'],
  ['webhooks', 'auth'],
  ['webhooks', 'trpc'],
  ['http', 'trpc'],
  ['health', 'auth'],
];

function layerZones() {
  const zones = [];
  LAYERS.forEach(([name, target], index) => {
    const above = LAYERS.slice(index + 1)
      .map(([, path]) => path)
      .filter((path) => !ALLOWED_UPWARD.some(([who, what]) => who === name && what === path));
    const except = ALLOWED_UPWARD.filter(([who]) => who === name);
    for (const from of above) {
      const exceptions = except
        .map(([, what]) => what)
        .filter((what) => what.startsWith(`${from}/`))
        .map((what) => `./${what.slice(from.length + 1)}`);
      zones.push({
        target,
        from,
        ...(exceptions.length ? { except: exceptions } : {}),
        message: `layering: ${name} (${target}) never imports from ${from}; see docs/ARCHITECTURE.md`,
      });
    }
  });
  const pathOf = (name) => LAYERS.find(([n]) => n === name)[1];
  for (const [a, b] of SIBLINGS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      if (zones.some((z) => z.target === pathOf(from) && z.from === pathOf(to))) continue;
      zones.push({
        target: pathOf(from),
        from: pathOf(to),
        message: `layering: ${from} and ${to} are siblings and never import each other`,
      });
    }
  }
  for (const [name, below, why] of FORBIDDEN_BELOW) {
    zones.push({
      target: pathOf(name),
      from: pathOf(below),
      message: `layering: ${name} never imports ${below} (${why})`,
    });
  }
  // The app may use the worker's nothing: it talks to it through the database.
  zones.push({
    target: 'src/app',
    from: 'src/worker',
    message: 'layering: the app never imports the worker',
  });
  // Applying stored provider events is above every other domain: they never import it.
  zones.push({
    target: 'src/server/domain/!(webhooks)/**',
    from: 'src/server/domain/webhooks/**',
    message:
      'layering: applying webhook events sits above the other domains, which never import it',
  });
  return zones;
}

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
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files and no-cycle sees no TypeScript edge.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
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
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones() }],
    },
  },
  {
    // Packages the domain must not depend on (paths are covered by the zones above).
    files: ['src/server/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next', 'next/*', 'next-auth', 'next-auth/*', '@trpc/*'],
              message: 'domain code stays free of the web and tRPC layers',
            },
          ],
        },
      ],
    },
  },
);
