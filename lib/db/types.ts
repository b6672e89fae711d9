/**
 * The database seam: one interface over PGlite (embedded default, `./data/pg`) and a real
 * PostgreSQL server (`DATABASE_URL`). Both speak the same SQL, so every query and migration
 * is written once. Parameters are `$1, $2, …`.
 */

/** Something that runs SQL: the database itself, or a transaction. */
export interface Queryable {
  /**
   * Runs one statement and returns its rows. Without parameters the text may hold several
   * statements (how migrations run); the rows of the last one are returned.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). Serialisation
   * failures and deadlocks (SQLSTATE 40001, 40P01) are retried a few times, so `fn` must be
   * safe to run again.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A migration: applied once, in order, inside a transaction; never edited after it has shipped. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
