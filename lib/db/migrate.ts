/**
 * Applies the schema migrations a database lacks, in id order, each in its own transaction
 * together with its `schema_migrations` row: a migration is applied entirely or not at all.
 *
 * Several app instances may start at once against one PostgreSQL database. Every transaction
 * here first takes one transaction-scoped advisory lock, then re-checks what is applied, so
 * the instances queue up and each migration runs exactly once (released at COMMIT/ROLLBACK,
 * so a crashed instance cannot leave it held).
 */
import { AppError } from '@/lib/errors';
import { DbErrorCode, serializationFailure } from './errors';
import type { Db, Migration, Queryable } from './types';

/**
 * The advisory lock key for migrations; any constant works as long as nothing else in the
 * database uses it. Advisory locks are per database, so migrations of different schemas on
 * one server also take turns; they are short.
 */
export const MIGRATION_LOCK_KEY = 727_305_118_001;

const takeLock = (tx: Queryable) => tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);

/** Throws `DB_INVALID_MIGRATIONS` unless ids are positive integers in strictly increasing order. */
export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = index > 0 ? migrations[index - 1]!.id : 0;
    if (!Number.isInteger(migration.id) || migration.id <= previous) {
      throw new AppError(
        DbErrorCode.INVALID_MIGRATIONS,
        `Migration ids must be positive integers in strictly increasing order; ${migration.id} ("${migration.name}") follows ${previous}`,
        500,
      );
    }
  });
}

/**
 * Brings `db` up to date with `migrations` and returns the ids applied by this call (empty
 * when there was nothing to do). Safe to run on every start and from several instances at once.
 * A failing migration throws `DB_MIGRATION_FAILED` naming it, with the database error as `cause`.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<number[]> {
  validateMigrations(migrations);
  await db.transaction(async (tx) => {
    // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog.
    await takeLock(tx);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id          integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const appliedBefore = new Set(
    (await db.query<{ id: number }>('SELECT id FROM schema_migrations')).map((row) => row.id),
  );

  const appliedNow: number[] = [];
  for (const migration of migrations) {
    if (appliedBefore.has(migration.id)) continue;
    const applied = await db.transaction(async (tx) => {
      await takeLock(tx);
      // Another instance may have applied it while this one waited for the lock.
      const [row] = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (row) return false;
      await applyOne(tx, migration);
      return true;
    });
    if (applied) appliedNow.push(migration.id);
  }
  return appliedNow;
}

async function applyOne(tx: Queryable, migration: Migration): Promise<void> {
  try {
    await tx.query(migration.sql);
  } catch (error) {
    // A lost race is retried by `transaction`; wrapping it would stop the retry.
    if (serializationFailure(error)) throw error;
    const failure = new AppError(
      DbErrorCode.MIGRATION_FAILED,
      `Migration ${migration.id} ("${migration.name}") failed: ${error instanceof Error ? error.message : String(error)}`,
      500,
    );
    failure.cause = error;
    throw failure;
  }
  await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
}
