/**
 * Compiles the custom server (server/main.ts and the lib/ code it imports) into one CommonJS
 * file, `.next/curbside/main.js`, which `npm start` runs with plain Node. Run by `npm run
 * build` after `next build` (which empties `.next/` first).
 *
 * Why: running the TypeScript through tsx in production put its loader on the start-up path
 * (an ESM hooks thread, a transform per module). From process start to `/api/health` answering,
 * on an existing data dir, `bench/tools/start-time.ts` printed medians of 2.08 s compiled and
 * 2.88 s through tsx here (docs/benchmarks.md). A restart is that much shorter for every client
 * waiting on it. `npm run dev` still runs the sources through tsx, for hot reload.
 *
 * Packages stay external (`require`d from node_modules at run time); only our own modules are
 * bundled. A source map is written beside it but not loaded by default: `--enable-source-maps`
 * also parses the maps of every Next chunk the server loads, and made the start about 0.2 s
 * slower here (medians 1.76 s against 1.55 s, the same tool). For stack traces that name the
 * TypeScript files, start with `NODE_OPTIONS=--enable-source-maps npm start`.
 *
 * Usage: `node server/build.mjs` from any folder (paths are resolved from this file).
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Also named in server/root.ts (for bench/) and lib/testing/server-process.ts. */
const SERVER_BUNDLE = path.join('.next', 'curbside', 'main.js');

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts'],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
const modules = Object.keys(result.metafile.inputs).length;
console.log(`server: ${SERVER_BUNDLE} (${modules} modules) in ${Math.round(performance.now() - started)} ms`);
