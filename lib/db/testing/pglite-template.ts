/**
 * Fast in-memory PGlite for tests. Creating a PGlite runs initdb (3–7 s on two cores); loading
 * a snapshot of a freshly initialised cluster takes under a second. The snapshot is made once
 * per machine and PGlite version, cached in the OS temp directory (written to a temporary
 * name, then renamed, so parallel workers never read half a file), and kept in memory per process.
 */
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteDb } from '../pglite-db';
import type { Db } from '../types';

const ROOT = path.resolve(__dirname, '../../..');

function templateFile(): string {
  const manifest = path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  // Per user: another user's file in a shared /tmp is neither writable nor to be trusted.
  return path.join(tmpdir(), `curbside-pglite-template-${version}-${process.getuid?.() ?? 'user'}.tar`);
}

async function makeTemplate(file: string): Promise<Blob> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not cached yet: initialise once and cache it.
  }
  const pg = await PGlite.create();
  const snapshot = await pg.dumpDataDir('none');
  await pg.close();
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, Buffer.from(await snapshot.arrayBuffer()));
  await rename(partial, file);
  return snapshot;
}

let template: Promise<Blob> | undefined;

/** The snapshot of a freshly initialised, empty cluster, for `createPgliteDb`'s `loadDataDir`. */
export function pgliteTemplate(): Promise<Blob> {
  template ??= makeTemplate(templateFile());
  return template;
}

/**
 * A fresh, empty PGlite {@link Db} (no migrations applied) started from the snapshot: in
 * memory, or in `dataDir` (which must not exist yet) for tests about files on disk.
 */
export async function createTestPgliteDb(dataDir?: string): Promise<Db> {
  try {
    return await createPgliteDb(dataDir, { loadDataDir: await pgliteTemplate() });
  } catch (error) {
    if (dataDir !== undefined) throw error;
    // A damaged cache file: forget it and start the slow way.
    template = undefined;
    await rm(templateFile(), { force: true });
    return createPgliteDb(undefined);
  }
}
