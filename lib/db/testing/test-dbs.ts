/**
 * Runs one repository test suite against both back ends: in-memory PGlite always, and
 * PostgreSQL at DATABASE_URL in a fresh schema of its own. Without DATABASE_URL the PostgreSQL
 * half shows as skipped with the reason (under CI=true it fails instead; see
 * lib/testing/external-service.ts).
 *
 * One Db per back end is shared by the suite's tests (starting PGlite costs about a second),
 * so tests use unique ids or call {@link resetDb}.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { externalServiceUrl, needs } from '@/lib/testing/external-service';
import { migrate } from '../migrate';
import { migrations as appMigrations } from '../migrations';
import { createPostgresDb } from '../postgres-db';
import type { Db, Migration } from '../types';
import { createTestPgliteDb } from './pglite-template';
import { createTestSchema, type TestSchema } from './test-schema';

/** Returns the suite's Db; only valid inside tests and hooks (it is created in `beforeAll`). */
export type GetDb = () => Db;

/** Options for {@link forEachDb}. */
export interface ForEachDbOptions {
  /** Applied before the suite's tests (default: the app's schema; `[]` for an empty database). */
  migrations?: readonly Migration[];
}

let databaseUrl: { value: string | undefined } | undefined;
/** Read once per test file, so the skip notice is printed once. */
export function testDatabaseUrl(): string | undefined {
  databaseUrl ??= { value: externalServiceUrl('DATABASE_URL') };
  return databaseUrl.value;
}

const required = (db: Db | undefined): Db => {
  if (!db) throw new Error('getDb() is only available inside tests and hooks, after beforeAll');
  return db;
};

/**
 * Registers `suite` twice, as `<name> [pglite]` and `<name> [postgres] (with DATABASE_URL)`.
 * `suite` receives the back end's kind for the few tests that differ between them.
 */
export function forEachDb(name: string, suite: (getDb: GetDb, kind: Db['kind']) => void, options: ForEachDbOptions = {}): void {
  const migrations = options.migrations ?? appMigrations;

  describe(`${name} [pglite]`, () => {
    let db: Db | undefined;
    beforeAll(async () => {
      db = await createTestPgliteDb();
      await migrate(db, migrations);
    });
    afterAll(async () => {
      await db?.close();
    });
    suite(() => required(db), 'pglite');
  });

  const url = testDatabaseUrl();
  describe.skipIf(!url)(`${name} [postgres] ${needs('DATABASE_URL', url)}`, () => {
    let db: Db | undefined;
    let schema: TestSchema | undefined;
    beforeAll(async () => {
      schema = await createTestSchema(url!);
      db = createPostgresDb(url!, { schema: schema.name, max: 5 });
      await migrate(db, migrations);
    });
    afterAll(async () => {
      await db?.close();
      await schema?.drop();
    });
    suite(() => required(db), 'postgres');
  });
}

/**
 * Empties every table of the Db's current schema except `schema_migrations`, for tests that
 * count rows. Cheap enough for a `beforeEach`.
 */
export async function resetDb(db: Db): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (tables.length === 0) return;
  await db.query(`TRUNCATE ${tables.map((table) => table.name).join(', ')} RESTART IDENTITY CASCADE`);
}
