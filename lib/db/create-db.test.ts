import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { needs } from '@/lib/testing/external-service';
import { createDb, redactUrl } from './create-db';
import { migrations } from './migrations';
import { testDatabaseUrl } from './testing/test-dbs';
import { createTestSchema } from './testing/test-schema';

const root = mkdtempSync(path.join(tmpdir(), 'curbside-create-db-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (e: unknown) => e);
const appliedIds = migrations.map((m) => m.id);

describe('redactUrl', () => {
  it('hides the password wherever the URL carries it', () => {
    expect(redactUrl('postgres://app:hunter2@db:5432/curbside')).toBe('postgres://app:***@db:5432/curbside');
    expect(redactUrl('postgres://db/curbside?user=app&password=hunter2')).toBe('postgres://db/curbside?user=app&password=***');
    expect(redactUrl('postgres://db/curbside')).toBe('postgres://db/curbside');
    expect(redactUrl('not a url hunter2')).not.toContain('hunter2');
  });
});

describe('createDb', () => {
  it('without DATABASE_URL: PGlite in <dataDir>/pg, migrated, one process at a time, persistent', async () => {
    const dataDir = path.join(root, 'data');
    const db = await createDb({ dataDir });
    expect(db.kind).toBe('pglite');
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect((await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual(appliedIds);
    await db.transaction((tx) => tx.query(`INSERT INTO users (id, role, name) VALUES ('u1', 'rider', 'Ada')`));

    const second = await failure(createDb({ dataDir }));
    expect(isAppError(second) && second.code).toBe('DB_DATA_DIR_LOCKED');

    await db.close();
    const reopened = await createDb({ dataDir });
    try {
      expect(await reopened.query('SELECT id, name FROM users')).toEqual([{ id: 'u1', name: 'Ada' }]);
      expect(await reopened.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: appliedIds.length }]);
    } finally {
      await reopened.close();
    }
  }, 60_000);

  it('names DATABASE_URL, without its password, when PostgreSQL cannot be reached', async () => {
    const error = await failure(createDb({ databaseUrl: 'postgres://app:hunter2@127.0.0.1:1/curbside', dataDir: root }));
    expect(isAppError(error) && error.code).toBe('DB_UNREACHABLE');
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL=postgres://app:***@127.0.0.1:1/curbside');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('hunter2');
  });

  const url = testDatabaseUrl();
  it.skipIf(!url)(`with DATABASE_URL: PostgreSQL, migrated ${needs('DATABASE_URL', url)}`, async () => {
    const schema = await createTestSchema(url!);
    // libpq-style `options` in the URL: how a deployment would pick a schema, too.
    const scoped = new URL(url!);
    scoped.searchParams.set('options', `-c search_path=${schema.name}`);
    const db = await createDb({ databaseUrl: scoped.toString(), dataDir: root });
    try {
      expect(db.kind).toBe('postgres');
      expect((await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual(appliedIds);
      expect(await db.query('SELECT current_schema() AS schema')).toEqual([{ schema: schema.name }]);
    } finally {
      await db.close();
      await schema.drop();
    }
  });
});
