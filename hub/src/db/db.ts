/**
 * The hub's whole view of its database: parameterised statements, transactions, and multi-statement
 * scripts for migrations. Two drivers implement it (PGlite embedded, `pg` for a PostgreSQL server),
 * so every query the hub sends must be plain PostgreSQL understood by both.
 */

export type SqlParam = string | number | boolean | null | Date;

export interface Queryable {
  /**
   * One statement; values only ever travel as `$n` parameters, never spliced into the text. A
   * `name` marks a fixed statement sent many times a second (the flag log's insert): a server
   * driver parses and plans it once per connection instead of on every call. One name, one text.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[], name?: string): Promise<QueryResult<Row>>;
}

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by the statement. */
  affected: number;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable & { exec(script: string): Promise<void> }) => Promise<T>): Promise<T>;
  /** Runs a trusted multi-statement script (a migration file), outside any caller transaction. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  readonly driver: 'pglite' | 'postgres';
}
