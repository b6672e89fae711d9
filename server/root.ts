import { existsSync } from 'node:fs';
import path from 'node:path';

/** The compiled server `npm start` runs, relative to the root (written by server/build.mjs). */
export const SERVER_BUNDLE = path.join('.next', 'curbside', 'main.js');

/** What marks the root. Not package.json: Next writes one into `.next/` as well. */
const MARKER = 'next.config.ts';

/**
 * The project's root: the nearest folder at or above `from` holding next.config.ts. The server
 * runs from two places, its source (`server/`, through tsx) and its build
 * (`.next/curbside/`, see server/build.mjs), so the root is found, not assumed one level up.
 * @throws Error when no folder above `from` holds next.config.ts.
 */
export function projectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MARKER))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${MARKER} in ${from} or any folder above it`);
  }
}
