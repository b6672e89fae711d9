/**
 * The embedded back end: PostgreSQL compiled to WebAssembly, in one process, on one connection.
 *
 * One connection means one session: a transaction's BEGIN … COMMIT and every other caller's
 * statements would interleave on it. A FIFO mutex therefore gives a transaction the connection
 * from BEGIN to COMMIT, and plain `query` calls queue behind it too (PGlite's own
 * `transaction` does not hold back plain `query` calls, so they would run inside it).
 *
 * Durability: each statement's writes reach the files in `dataDir` (the OS page cache) before
 * its promise resolves, so a committed transaction survives `kill -9` (lib/db/durability.test.ts).
 * Emscripten's Node filesystem does not fsync, so a power cut can still lose recent commits;
 * use PostgreSQL (`DATABASE_URL`) where that matters.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { PGlite, types, type Results } from '@electric-sql/pglite';
import { AppError } from '@/lib/errors';
import { lockDataDir } from './data-dir-lock';
import { DbErrorCode } from './errors';
import { createMutex } from './mutex';
import { assertCommitted, createTransactionHandle, retryOnSerializationFailure } from './transaction-runner';
import type { Db, Queryable } from './types';

/** Options for {@link createPgliteDb}. */
export interface PgliteDbOptions {
  /** Start from this `dumpDataDir()` tarball instead of running initdb (tests: ~4 s faster). */
  loadDataDir?: Blob;
}

/**
 * Opens PGlite in `dataDir` (created on first use; `<dataDir>.lock` keeps out a second
 * process), or in memory when `dataDir` is undefined (tests).
 *
 * Types match `pg`'s defaults so code tested here behaves the same on PostgreSQL: `numeric`
 * and `bigint` (including `count(*)`) come back as strings; cast in SQL (`count(*)::int`) for
 * a number. Inside `transaction`, use only `tx`: calling this Db's `query` or `transaction`
 * there would wait for the transaction forever, so it throws `DB_QUERY_INSIDE_TRANSACTION`.
 */
export async function createPgliteDb(dataDir: string | undefined, options: PgliteDbOptions = {}): Promise<Db> {
  const dir = dataDir === undefined ? undefined : path.resolve(dataDir);
  const lock = dir === undefined ? undefined : lockDataDir(dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      dataDir: dir,
      loadDataDir: options.loadDataDir,
      // pg returns int8 as a string (it may not fit a double); PGlite's default is a number.
      parsers: { [types.INT8]: (value: string) => value },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }

  const mutex = createMutex();
  /** Set while a transaction callback runs, to catch calls that would deadlock on the mutex. */
  const insideTransaction = new AsyncLocalStorage<{ open: boolean }>();

  /** Without parameters: the simple protocol, so a migration may hold several statements. */
  const execute = async (sql: string, params?: readonly unknown[]): Promise<Results<Record<string, unknown>>> => {
    if (params && params.length > 0) return pg.query<Record<string, unknown>>(sql, [...params]);
    const results = await pg.exec(sql);
    return results.at(-1) ?? { rows: [], fields: [] };
  };
  const rowsOf = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await execute(sql, params)).rows as Row[];

  const assertOutsideTransaction = () => {
    if (insideTransaction.getStore()?.open) {
      throw new AppError(
        DbErrorCode.QUERY_INSIDE_TRANSACTION,
        'db.query/db.transaction called inside a transaction callback: use its `tx` instead (PGlite has one connection, this would wait forever)',
        500,
      );
    }
  };

  const runTransaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const handle = createTransactionHandle(rowsOf);
    const state = { open: true };
    await execute('BEGIN');
    try {
      let result: T;
      try {
        result = await insideTransaction.run(state, () => fn(handle.tx));
      } finally {
        // Closed before COMMIT, so a straggling `tx.query` cannot slip into this transaction.
        handle.end();
        state.open = false;
      }
      assertCommitted((await execute('COMMIT')).command);
      return result;
    } catch (error) {
      // After a failed COMMIT the transaction is already over.
      if (pg.isInTransaction()) await execute('ROLLBACK');
      throw error;
    }
  };

  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      assertOutsideTransaction();
      return mutex.run(() => rowsOf<Row>(sql, params));
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      assertOutsideTransaction();
      return retryOnSerializationFailure(() => mutex.run(() => runTransaction(fn)));
    },
    close() {
      // Queued work finishes first; anything queued after this fails with "PGlite is closed".
      closing ??= mutex.run(async () => {
        try {
          await pg.close();
        } finally {
          lock?.release();
        }
      });
      return closing;
    },
  };
}
