/**
 * Picks the database from configuration and brings its schema up to date: PostgreSQL when
 * `DATABASE_URL` is set (several app instances share it), PGlite in `<DATA_DIR>/pg` otherwise
 * (one process, nothing to run).
 */
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { DbErrorCode } from './errors';
import { migrate } from './migrate';
import { migrations as appMigrations } from './migrations';
import { createPgliteDb } from './pglite-db';
import { createPostgresDb } from './postgres-db';
import type { Db, Migration } from './types';

/** Options for {@link createDb}. */
export interface CreateDbOptions {
  /** `postgres://…`; when absent or empty the embedded PGlite database is used. */
  databaseUrl?: string;
  /** The app's data directory; PGlite keeps its files in `<dataDir>/pg`. */
  dataDir: string;
  /** Defaults to the app's schema (`./migrations`). */
  migrations?: readonly Migration[];
  /** PostgreSQL only: an idle pooled connection failed (see `PostgresDbOptions.onError`). */
  onError?: (error: Error) => void;
}

/** `url` with its password (in the authority or as a `password` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '(an unparseable URL)';
  }
}

/** The database error's message, minus the password should a driver ever echo it. */
function safeMessage(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // No parseable password: nothing to scrub.
  }
  return password ? message.replaceAll(password, '***') : message;
}

/**
 * Opens the configured database and applies pending migrations. Throws `DB_UNREACHABLE`
 * (naming DATABASE_URL, password redacted) when PostgreSQL cannot be reached, and
 * `DB_MIGRATION_FAILED` / `DB_DATA_DIR_LOCKED` as their modules describe; nothing stays open then.
 */
export async function createDb({ databaseUrl, dataDir, migrations = appMigrations, onError }: CreateDbOptions): Promise<Db> {
  const db = databaseUrl ? createPostgresDb(databaseUrl, { onError }) : await createPgliteDb(path.join(dataDir, 'pg'));
  try {
    if (databaseUrl) await checkReachable(db, databaseUrl);
    await migrate(db, migrations);
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function checkReachable(db: Db, url: string): Promise<void> {
  try {
    await db.query('SELECT 1');
  } catch (error) {
    const failure = new AppError(
      DbErrorCode.UNREACHABLE,
      `Cannot connect to PostgreSQL at DATABASE_URL=${redactUrl(url)}: ${safeMessage(error, url)}. ` +
        'Check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.',
      500,
    );
    failure.cause = error;
    throw failure;
  }
}
