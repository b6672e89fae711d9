/**
 * A throwaway PostgreSQL schema per test suite, so suites (and parallel runs) sharing one
 * DATABASE_URL never see each other's rows, and dropping it removes everything they made.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdentifier } from '../postgres-db';

/** A created schema; `drop` removes it with everything in it (idempotent). */
export interface TestSchema {
  readonly name: string;
  drop(): Promise<void>;
}

async function run(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `test_<pid>_<random>` on the server at `url`. */
export async function createTestSchema(url: string): Promise<TestSchema> {
  const name = `test_${process.pid}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await run(url, `CREATE SCHEMA ${quoteIdentifier(name)}`);
  return {
    name,
    drop: () => run(url, `DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`),
  };
}
