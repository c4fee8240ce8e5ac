/**
 * The architecture's allowed imports (DESIGN.md, "Allowed imports"), checked by
 * dependency-cruiser in `npm test` (`npm run deps`). The table is a whitelist: every import must
 * match one of the `allowed` rules below, row by row as DESIGN writes them; anything else fails
 * with "not-in-allowed" naming both files. The `forbidden` rules add what a whitelist cannot say
 * (no cycles, no test code outside test/, no build tool in runtime code).
 *
 * Node's own modules (`node:*`) are allowed where the table allows "their own library" and in
 * entry points; the browser code and the domain may not use them.
 */

/** An npm package (resolved under node_modules) by name. */
const npm = (...names) => `^node_modules/(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/`;

/** The adapters around the core, each with its own library. */
const ADAPTERS = {
  db: ['kysely', 'pg', '@electric-sql/pglite'],
  graph: ['@microsoft/microsoft-graph-client'],
  auth: ['@azure/msal-node', 'jose'],
  scheduler: [],
  calendar: ['date-holidays'],
  crypto: [],
  packs: [],
  mail: [],
  // Logs and traces: the Telemetry port (src/app/telemetry.ts) on pino and the OpenTelemetry API.
  observability: ['pino', '@opentelemetry/api'],
};

const allowed = [
  // src/domain: itself, zod.
  { from: { path: '^src/domain/' }, to: { path: ['^src/domain/', npm('zod')] } },
  // src/app: src/domain, zod (and itself).
  { from: { path: '^src/app/' }, to: { path: ['^src/app/', '^src/domain/', npm('zod')] } },
  // src/db, src/graph, src/auth, src/scheduler (and the small adapters beside them): src/app (ports), src/domain, their own library.
  ...Object.entries(ADAPTERS).map(([name, libraries]) => ({
    from: { path: `^src/${name}/` },
    to: { path: [`^src/${name}/`, '^src/app/', '^src/domain/', ...(libraries.length ? [npm(...libraries)] : [])] },
  })),
  { from: { path: `^src/(${Object.keys(ADAPTERS).join('|')})/` }, to: { dependencyTypes: ['core'] } },
  // The adapters refuse bad settings with the config's own error (src/crypto: the decision-log key).
  { from: { path: '^src/crypto/' }, to: { path: '^src/config[.]ts$' } },
  // src/api: src/app, src/domain, zod (and itself; Node's http types for the JSON edge).
  { from: { path: '^src/api/' }, to: { path: ['^src/api/', '^src/app/', '^src/domain/', npm('zod')] } },
  { from: { path: '^src/api/' }, to: { dependencyTypes: ['core'] } },
  // src/server, the HTTP process: src/api, the domain's types, Node. It wires nothing (the bot arrives as a route).
  {
    from: { path: '^src/server/' },
    to: { path: ['^src/server/', '^src/api/', '^src/domain/', '^src/app/telemetry[.]ts$'] },
  },
  { from: { path: '^src/server/' }, to: { dependencyTypes: ['core'] } },
  // src/config.ts: the only reader of process.env; zod, and the types of what it configures.
  { from: { path: '^src/config[.]ts$' }, to: { path: ['^src/app/', '^src/db/database[.]ts$', npm('zod')] } },
  { from: { path: '^src/config[.]ts$' }, to: { dependencyTypes: ['core'] } },
  // src/cli: the use cases and what the composition root opens for it (composition.ts, config.ts), and the adapters a command runs itself.
  {
    from: { path: '^src/cli/' },
    to: {
      path: [
        '^src/cli/',
        '^src/app/',
        '^src/domain/',
        '^src/composition[.]ts$',
        '^src/config[.]ts$',
        '^src/(packs|mail|calendar)/',
      ],
    },
  },
  { from: { path: '^src/cli/' }, to: { dependencyTypes: ['core'] } },
  // src/main.ts (the composition root) and composition.ts, which it owns: anything of the product.
  // main.ts also names the tab's address and entity id, as the manifest does (addin-names.ts).
  {
    from: { path: '^src/(main|composition)[.]ts$' },
    to: { path: ['^src/', '^bot/', '^addin/shared/addin-names[.]ts$', 'node_modules/'] },
  },
  { from: { path: '^src/(main|composition)[.]ts$' }, to: { dependencyTypes: ['core'] } },
  // bot/: src/app, src/domain, botbuilder, adaptivecards, zod (and itself; Node's http types and crypto ids).
  {
    from: { path: '^bot/' },
    to: {
      path: [
        '^bot/',
        '^src/app/',
        '^src/domain/',
        npm('botbuilder', 'botframework-connector', 'botbuilder-core', 'adaptivecards', 'zod'),
      ],
    },
  },
  { from: { path: '^bot/' }, to: { dependencyTypes: ['core'] } },
  // addin/ and tab/: src/domain, the API's contract and client, office-js / teams-js (and themselves). No Node.
  { from: { path: '^addin/' }, to: { path: ['^addin/', '^src/domain/', '^src/api/(contract|client)[.]ts$'] } },
  {
    from: { path: '^tab/' },
    to: { path: ['^tab/', '^src/domain/', '^src/api/(contract|client)[.]ts$', npm('@microsoft/teams-js')] },
  },
  // manifest/: the add-in's names (never the reverse), and what it draws and zips with.
  { from: { path: '^manifest/' }, to: { path: ['^manifest/', '^addin/shared/addin-names[.]ts$', npm('fflate')] } },
  { from: { path: '^manifest/' }, to: { dependencyTypes: ['core'] } },
  // Build scripts (build/): the browser code and the manifest they bundle and package, the bundler, the config reader.
  // …and the server's web-assets module, so the build precompresses files exactly as the server serves them.
  {
    from: { path: '^build/' },
    to: {
      path: [
        '^build/',
        '^addin/',
        '^tab/',
        '^manifest/',
        '^src/config[.]ts$',
        '^src/server/web-assets[.]ts$',
        npm('esbuild'),
      ],
    },
  },
  { from: { path: '^build/' }, to: { dependencyTypes: ['core'] } },
  // bin/: the built CLI, or the sources through tsx.
  { from: { path: '^bin/' }, to: { path: ['^build/stamp[.]mjs$', '^src/cli/', npm('tsx')] } },
  { from: { path: '^bin/' }, to: { dependencyTypes: ['core'] } },
  // test/ and bench/: anything (bench/ not test/: see `no-test-code-in-product` below).
  { from: { path: '^(test|bench)/' }, to: {} },
];

module.exports = {
  forbidden: [
    {
      name: 'no-test-code-in-product',
      comment: 'Only tests import test code (the benchmark has its own Bot Connector sink, bench/connector-sink.ts).',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-build-tool-at-run-time',
      comment:
        'Runtime code never imports the bundler or the build scripts: `npm run build` makes dist/, which the server serves.',
      severity: 'error',
      from: { path: '^(src|bot|addin|tab|manifest)/' },
      to: { path: ['^build/', npm('esbuild', 'tsx')] },
    },
    {
      name: 'no-cycle',
      comment:
        "Modules form layers: no import loops that run (two files naming each other's types is no loop at run time).",
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  allowed,
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^[.]dist-', '^manifest/build/', '^coverage/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
