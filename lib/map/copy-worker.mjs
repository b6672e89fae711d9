/**
 * Copies maplibre-gl's worker into `public/maplibre/` so the browser can load it from our own
 * origin. maplibre-gl 6 is ESM-only: when bundled, it cannot find its worker by itself and the
 * map never loads ("Worker failed to load") unless `setWorkerUrl` points at a served copy
 * (shared/PITFALLS.md, "Browser side"). Run before `next build`, `next dev` and the tests.
 *
 * Usage: `node lib/map/copy-worker.mjs` from the repository root (or any folder: paths are
 * resolved from this file).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
// Resolve through the package's exports map ("./dist/*"), so a hoisted or nested install works.
const source = require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs');
const targetDir = path.join(root, 'public', 'maplibre');
const target = path.join(targetDir, 'maplibre-gl-worker.mjs');

mkdirSync(targetDir, { recursive: true });
copyFileSync(source, target);
console.log(`copy-worker: ${path.relative(root, source)} -> ${path.relative(root, target)}`);
