// What a refused request must leave as it was: every table of the database, read as its owner
// (no RLS), reduced to one row count and one content hash per table. Tables are found in the
// catalog, so a table added by a later migration is covered without being named here.
//
// Left out, by design: rate_limit_buckets (a refused call still spends its rate-limit token, by
// design: see trpc/middleware/rate-limit.ts), api_tokens.last_used_at (a bearer request stamps
// it at most once a minute, refused or not) and graphile-worker's bookkeeping tables other than
// the jobs themselves. Callers may exclude rows too (a webhook refused as malformed keeps its
// REJECTED archive row by design).
import pg from 'pg';

const EXCLUDED_TABLES = new Set(['rate_limit_buckets']);
const VOLATILE_COLUMNS = ['last_used_at'];

export type TableState = Map<string, string>;

export class DatabaseState {
  private readonly client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  private query = '';

  /** `rowFilters`: table → SQL condition on its rows (alias x) for the rows that count. */
  async open(rowFilters: Record<string, string> = {}): Promise<void> {
    await this.client.connect();
    const { rows } = await this.client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE'
          AND (table_schema = 'public' OR (table_schema = 'graphile_worker' AND table_name = '_private_jobs'))
        ORDER BY 1, 2`,
    );
    const strip = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
    this.query = rows
      .filter((t) => !EXCLUDED_TABLES.has(t.name))
      .map(({ schema, name }) => {
        const where = rowFilters[name] ? ` WHERE ${rowFilters[name]}` : '';
        const row = `md5((to_jsonb(x)${strip})::text)`;
        return `SELECT '${schema}.${name}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(${row}, '' ORDER BY ${row}), '')) AS h FROM "${schema}"."${name}" x${where}`;
      })
      .join('\nUNION ALL\n');
  }

  /**
   * Ids of the tenant's rows (`id` and `user_id` of every table with a tenant_id), so generated
   * inputs can name objects that exist and get past the lookup to the code behind it. Rows of
   * `exceptUser` (the person fuzzing: its membership, its tokens) are left out, or a removal or a
   * revoke would end the run's access and every later case would be refused for that alone.
   */
  async knownIds(tenantId: string, exceptUser: string): Promise<Record<string, string[]>> {
    const { rows: tables } = await this.client.query<{ table: string; hasUser: boolean }>(
      `SELECT c.table_name AS table,
              EXISTS (SELECT 1 FROM information_schema.columns u WHERE u.table_schema = 'public'
                      AND u.table_name = c.table_name AND u.column_name = 'user_id') AS "hasUser"
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid'
          AND EXISTS (SELECT 1 FROM information_schema.columns t WHERE t.table_schema = 'public'
                      AND t.table_name = c.table_name AND t.column_name = 'tenant_id')`,
    );
    if (tables.length === 0) return {};
    const selects = tables.flatMap(({ table, hasUser }) => {
      const mine = hasUser ? ` AND user_id IS DISTINCT FROM $2::uuid` : '';
      const from = `FROM "${table}" WHERE tenant_id = $1${mine}`;
      const ids = `(SELECT '${table}' AS t, id::text AS id ${from} LIMIT 20)`;
      // a person is named by user id: filed under "users" as well
      const users = `(SELECT 'users' AS t, user_id::text AS id ${from} AND user_id IS NOT NULL LIMIT 20)`;
      return hasUser ? [ids, users] : [ids];
    });
    const { rows } = await this.client.query<{ t: string; id: string }>(selects.join(' UNION '), [
      tenantId,
      exceptUser,
    ]);
    const byTable: Record<string, string[]> = {};
    for (const { t, id } of rows) (byTable[t] ??= []).push(id);
    return byTable;
  }

  async read(): Promise<TableState> {
    const { rows } = await this.client.query<{ t: string; h: string }>(this.query);
    return new Map(rows.map((r) => [r.t, r.h]));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Tables whose rows or contents differ between two reads. */
export function changedTables(before: TableState, after: TableState): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter(
    (t) => before.get(t) !== after.get(t),
  );
}
