import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '@/lib/testing/external-service';
import { waitFor } from '@/lib/testing/wait-for';
import { createPostgresDb, quoteIdentifier } from './postgres-db';
import { testDatabaseUrl } from './testing/test-dbs';
import { createTestSchema, type TestSchema } from './testing/test-schema';
import type { Db } from './types';

describe('quoteIdentifier', () => {
  it('quotes, doubling embedded quotes, so no name can end the identifier early', () => {
    expect(quoteIdentifier('test_1')).toBe('"test_1"');
    expect(quoteIdentifier('a"; DROP SCHEMA public; --')).toBe('"a""; DROP SCHEMA public; --"');
  });
});

const url = testDatabaseUrl();
describe.skipIf(!url)(`createPostgresDb ${needs('DATABASE_URL', url)}`, () => {
  const schemas: TestSchema[] = [];
  const dbs: Db[] = [];
  const open = (schema: string, options: { max?: number; onError?: (error: Error) => void } = {}) => {
    const db = createPostgresDb(url!, { schema, ...options });
    dbs.push(db);
    return db;
  };
  let a: TestSchema;
  let b: TestSchema;
  beforeAll(async () => {
    a = await createTestSchema(url!);
    b = await createTestSchema(url!);
    schemas.push(a, b);
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await Promise.all(schemas.map((schema) => schema.drop()));
  });

  it('puts every pooled connection in its schema, so two schemas never see each other', async () => {
    const inA = open(a.name, { max: 3 });
    const inB = open(b.name, { max: 3 });
    await inA.query(`CREATE TABLE probe (who text); INSERT INTO probe VALUES ('a')`);
    await inB.query(`CREATE TABLE probe (who text); INSERT INTO probe VALUES ('b')`);
    // Enough parallel queries that the pool opens all its connections.
    const seen = await Promise.all(Array.from({ length: 12 }, () => inA.query<{ who: string; schema: string }>('SELECT who, current_schema() AS schema, pg_sleep(0.01) FROM probe')));
    expect(new Set(seen.map(([row]) => `${row!.schema}:${row!.who}`))).toEqual(new Set([`${a.name}:a`]));
    expect(await inB.query('SELECT who FROM probe')).toEqual([{ who: 'b' }]);
  });

  it('accepts a schema name that needs quoting', async () => {
    const name = `test_${process.pid} "odd" Name`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`CREATE SCHEMA ${quoteIdentifier(name)}`);
    schemas.push({ name, drop: () => admin(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`) });
    expect(await open(name).query('SELECT current_schema() AS schema')).toEqual([{ schema: name }]);
  });

  it('releases the connection after every transaction, committed or failed', async () => {
    const db = open(a.name, { max: 1 });
    for (let i = 0; i < 5; i += 1) {
      await expect(db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        throw new Error('fail');
      })).rejects.toThrow('fail');
      await db.transaction((tx) => tx.query('SELECT 1'));
    }
    // With one connection, a leaked one would make this wait forever.
    expect(await db.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('survives the server dropping an idle connection: reports it and reconnects', async () => {
    const errors: Error[] = [];
    const db = open(a.name, { max: 1, onError: (error) => errors.push(error) });
    const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await waitFor(() => errors.length > 0, 5_000, 'pool reported the dropped connection');
    const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(row!.pid).not.toBe(pid);
  });

  it('close is idempotent and later queries fail', async () => {
    const db = createPostgresDb(url!, { schema: a.name });
    await db.query('SELECT 1');
    await Promise.all([db.close(), db.close()]);
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow();
  });
});
