/**
 * Compiles a bench entry (a baseline server, the Curbside hook) into one CommonJS file with
 * esbuild, the way server/build.mjs compiles the app's server: every target then runs as plain
 * Node, none through tsx's loader (its hooks thread and per-module transforms would be in one
 * process's start and memory and not another's). Packages stay external; the output sits in
 * node_modules/.cache so `require` finds them from there.
 */
import { build } from 'esbuild';
import path from 'node:path';

const OUT_DIR = path.join('node_modules', '.cache', 'curbside-bench');
const built = new Map<string, Promise<string>>();

/** The path of `entry` compiled (once per harness run; later calls share the first build). */
export function bundled(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    const outfile = path.join(OUT_DIR, `${entry.replace(/[\\/]/g, '__').replace(/\.ts$/, '')}.cjs`);
    out = build({
      entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
      packages: 'external', tsconfig: 'tsconfig.json', sourcemap: true, logLevel: 'warning',
    }).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}
