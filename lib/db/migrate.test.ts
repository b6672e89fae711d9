import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { needs } from '@/lib/testing/external-service';
import { migrate, validateMigrations } from './migrate';
import { migrations } from './migrations';
import { createPostgresDb } from './postgres-db';
import { forEachDb, testDatabaseUrl } from './testing/test-dbs';
import { createTestSchema, type TestSchema } from './testing/test-schema';
import type { Db, Migration, Queryable } from './types';

const codeOf = async (promise: Promise<unknown>): Promise<unknown> => {
  const error: unknown = await promise.then(() => null, (e: unknown) => e);
  return isAppError(error) ? error.code : error;
};
const tableExists = async (q: Queryable, name: string) =>
  (await q.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]))[0]!.found;
const appliedIds = async (q: Queryable) =>
  (await q.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id);

const APP_TABLES = ['users', 'drivers', 'rides', 'offers', 'chat_messages', 'surge_cells'];
const APP_IDS = migrations.map((m) => m.id);
/** Ids for migrations that "ship later", well past the app's own. */
const LATER = APP_IDS.at(-1)! + 100;
/** A later migration: adds a table named after its id. */
const extra = (id: number, sql = `CREATE TABLE extra_${id} (id integer PRIMARY KEY)`): Migration => ({ id, name: `extra ${id}`, sql });

describe('validateMigrations', () => {
  it('accepts the app schema and rejects ids that are not positive and increasing', () => {
    expect(() => validateMigrations(migrations)).not.toThrow();
    for (const bad of [[extra(0)], [extra(2), extra(1)], [extra(1), extra(1)], [extra(1.5)]]) {
      let code: unknown;
      try {
        validateMigrations(bad);
      } catch (error) {
        code = isAppError(error) ? error.code : error;
      }
      expect(code).toBe('DB_INVALID_MIGRATIONS');
    }
  });
});

// Starts from an empty database: these tests are the ones that apply the schema.
forEachDb('migrate', (getDb) => {
  it('applies the schema once and is idempotent', async () => {
    expect(await migrate(getDb(), migrations)).toEqual(APP_IDS);
    for (const table of APP_TABLES) expect(await tableExists(getDb(), table)).toBe(true);
    expect(await migrate(getDb(), migrations)).toEqual([]);
    const rows = await getDb().query<{ id: number; name: string; applied_at: Date }>('SELECT * FROM schema_migrations ORDER BY id');
    expect(rows.map(({ id, name }) => ({ id, name }))).toEqual(migrations.map(({ id, name }) => ({ id, name })));
    expect(rows[0]!.applied_at).toBeInstanceOf(Date);
  });

  it('applies only the migrations that shipped since, in order', async () => {
    const list = [...migrations, extra(LATER), extra(LATER + 1)];
    expect(await migrate(getDb(), list)).toEqual([LATER, LATER + 1]);
    expect(await appliedIds(getDb())).toEqual([...APP_IDS, LATER, LATER + 1]);
    expect(await migrate(getDb(), list)).toEqual([]);
  });

  it('applies a failing migration not at all, names it, and stops before the next', async () => {
    const id = LATER + 10;
    const broken = extra(id, `CREATE TABLE extra_${id} (id integer); INSERT INTO extra_${id} VALUES (1); SELECT 1 / 0`);
    const outcome = migrate(getDb(), [...migrations, extra(LATER), extra(LATER + 1), broken, extra(id + 1)]);
    const error: unknown = await outcome.catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('DB_MIGRATION_FAILED');
    expect((error as Error).message).toContain(`Migration ${id} ("extra ${id}") failed: division by zero`);
    expect((error as Error).cause).toMatchObject({ code: '22012' });
    expect(await tableExists(getDb(), `extra_${id}`)).toBe(false);
    expect(await tableExists(getDb(), `extra_${id + 1}`)).toBe(false);
    expect(await appliedIds(getDb())).toEqual([...APP_IDS, LATER, LATER + 1]);
  });

  it('applies each migration once when one Db runs migrate concurrently', async () => {
    const later = [LATER + 20, LATER + 21, LATER + 22];
    const list = [...migrations, extra(LATER), extra(LATER + 1), ...later.map((id) => extra(id))];
    const results = await Promise.all([migrate(getDb(), list), migrate(getDb(), list), migrate(getDb(), list)]);
    expect(results.flat().sort((a, b) => a - b)).toEqual(later);
    expect(await appliedIds(getDb())).toEqual([...APP_IDS, LATER, LATER + 1, ...later]);
  });
}, { migrations: [] });

const url = testDatabaseUrl();
describe.skipIf(!url)(`migrate: app instances starting at once on one PostgreSQL ${needs('DATABASE_URL', url)}`, () => {
  let schema: TestSchema;
  const instances: Db[] = [];
  beforeAll(async () => {
    schema = await createTestSchema(url!);
    for (let i = 0; i < 4; i += 1) instances.push(createPostgresDb(url!, { schema: schema.name, max: 2 }));
  });
  afterAll(async () => {
    await Promise.all(instances.map((db) => db.close()));
    await schema?.drop();
  });

  it('all succeed and every migration is applied exactly once', async () => {
    const later = [LATER, LATER + 1, LATER + 2];
    const list = [...migrations, ...later.map((id) => extra(id))];
    const results = await Promise.all(instances.map((db) => migrate(db, list)));
    // Between them the instances applied each migration once; the rest found it done.
    expect(results.flat().sort((a, b) => a - b)).toEqual([...APP_IDS, ...later]);
    expect(await appliedIds(instances[0]!)).toEqual([...APP_IDS, ...later]);
    for (const table of [...APP_TABLES, `extra_${LATER}`, `extra_${LATER + 2}`]) expect(await tableExists(instances[1]!, table)).toBe(true);
    // Restarting them all changes nothing.
    expect((await Promise.all(instances.map((db) => migrate(db, list)))).flat()).toEqual([]);
  });

  it('two instances both succeed from scratch, and without the lock they would not', async () => {
    const fresh = await createTestSchema(url!);
    const [a, b] = [0, 1].map(() => createPostgresDb(url!, { schema: fresh.name, max: 1 }));
    try {
      const results = await Promise.all([migrate(a!, migrations), migrate(b!, migrations)]);
      expect(results.flat().sort((x, y) => x - y)).toEqual(APP_IDS);
      expect(await appliedIds(a!)).toEqual(APP_IDS);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
      await fresh.drop();
    }
    // The control: the same DDL run concurrently with no lock fails on one side.
    const control = await createTestSchema(url!);
    const [c, d] = [0, 1].map(() => createPostgresDb(url!, { schema: control.name, max: 1 }));
    try {
      const outcomes = await Promise.allSettled([c!.transaction((tx) => tx.query(migrations[0]!.sql)), d!.transaction((tx) => tx.query(migrations[0]!.sql))]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    } finally {
      await Promise.all([c!.close(), d!.close()]);
      await control.drop();
    }
  });

  it('names the migration when its SQL fails', async () => {
    const list = [...migrations, extra(LATER), extra(LATER + 1), extra(LATER + 2), extra(LATER + 3, 'SELECT nonsense FROM nowhere')];
    expect(await codeOf(migrate(instances[0]!, list))).toBe('DB_MIGRATION_FAILED');
  });
});
