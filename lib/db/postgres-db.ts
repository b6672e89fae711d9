/**
 * The shared back end: a PostgreSQL server through a `pg.Pool`, for several app instances.
 *
 * Types are `pg`'s defaults, which the PGlite back end copies: `numeric` (e.g. `fare_amount`)
 * and `bigint` (including `count(*)`) come back as strings, left to callers to convert;
 * cast in SQL (`count(*)::int`) where a number is wanted. `timestamptz` comes back as a Date.
 */
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { assertCommitted, createTransactionHandle, retryOnSerializationFailure } from './transaction-runner';
import type { Db, Queryable } from './types';

/** Options for {@link createPostgresDb}. */
export interface PostgresDbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Every connection runs `SET search_path TO "<schema>"` first (tests isolate in a schema). */
  schema?: string;
  /**
   * How long to wait for a connection, new or a free pooled one, before failing (default 10 s;
   * pg's own default waits forever, which turns a dead server or an exhausted pool into a hang).
   */
  connectionTimeoutMs?: number;
  /**
   * An idle pooled connection failed (server restart, network). The pool has already dropped
   * it and reconnects on demand; this is for logging. Without a listener such an error would
   * crash the process.
   */
  onError?: (error: Error) => void;
}

/** `"name"`, with embedded quotes doubled: an identifier no input can break out of. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Several statements in one parameterless query come back as one result each: keep the last. */
const lastResult = (result: QueryResult | QueryResult[]): QueryResult =>
  Array.isArray(result) ? (result.at(-1) ?? { rows: [], command: '', rowCount: 0, oid: 0, fields: [] }) : result;

type Runner = Pool | PoolClient;

async function execute(runner: Runner, sql: string, params?: readonly unknown[]): Promise<QueryResult> {
  // Without parameters pg uses the simple protocol, so a migration may hold several statements.
  const result: QueryResult | QueryResult[] = await runner.query(sql, params && params.length > 0 ? [...params] : undefined);
  return lastResult(result);
}

/**
 * Creates a {@link Db} on a `pg.Pool` for `url`. Connections open lazily: the first query is
 * the first contact with the server (`createDb` checks it at start-up).
 */
export function createPostgresDb(url: string, options: PostgresDbOptions = {}): Db {
  const { schema } = options;
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    // Awaited by the pool before the connection is handed out, and a failure discards it:
    // no statement can ever run against the wrong schema.
    onConnect: schema === undefined ? undefined : async (client) => {
      await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
    },
  });
  const onError = options.onError;
  pool.on('error', (error) => onError?.(error));

  const runTransaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    /** Set when the connection may be mid-transaction or dead: the pool must not reuse it. */
    let broken: Error | undefined;
    const handle = createTransactionHandle(async <Row>(sql: string, params?: readonly unknown[]) =>
      (await execute(client, sql, params)).rows as Row[]);
    try {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await fn(handle.tx);
      } finally {
        handle.end();
      }
      assertCommitted((await client.query('COMMIT')).command);
      return result;
    } catch (error) {
      try {
        // Harmless after a failed COMMIT (the server only warns that no transaction is open).
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  };

  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      return (await execute(pool, sql, params)).rows as Row[];
    },
    transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      retryOnSerializationFailure(() => runTransaction(fn)),
    close() {
      // pool.end() throws when called twice; close() is idempotent.
      closing ??= pool.end();
      return closing;
    },
  };
}
