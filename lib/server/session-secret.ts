import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FILE = 'session-secret';

/**
 * The HS256 key for session cookies: `SESSION_SECRET` when set, otherwise a random key kept in
 * the data folder so sessions survive restarts. Created with `wx` so two instances starting
 * on one data folder agree on the same key instead of overwriting each other's.
 */
export async function loadSessionSecret(configured: string | undefined, dataDir: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters; delete it to make a new one`);
  return new TextEncoder().encode(secret);
}
