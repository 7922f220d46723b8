// Fails when prisma/schema/*.prisma and the database built by the SQL migrations disagree:
// tables, columns (type, nullability, defaults), enums, primary/unique/normal indexes, foreign keys.
// Prisma's own `migrate diff` needs the schema engine binary, which cannot be installed here, so
// the comparison reads Prisma's DMMF (from its wasm build) against the catalog.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get_dmmf } from '@prisma/prisma-schema-wasm';

type Field = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  isUpdatedAt: boolean;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
};
type Enum = {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
};

const schemaDir = path.join(process.cwd(), 'prisma', 'schema');
const files = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.prisma'))
  .map((f) => [f, readFileSync(path.join(schemaDir, f), 'utf8')]);
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: files }))) as {
  datamodel: { models: Model[]; enums: Enum[]; indexes: Index[] };
};
const { models, enums, indexes } = dmmf.datamodel;

const tableOf = (m: Model) => m.dbName ?? m.name;
const columnOf = (f: Field) => f.dbName ?? f.name;
const modelByName = new Map(models.map((m) => [m.name, m]));
const enumByName = new Map(enums.map((e) => [e.name, e]));

function expectedType(f: Field): string {
  if (f.kind === 'enum') return `enum:${enumByName.get(f.type)?.dbName ?? f.type}`;
  const native = f.nativeType?.[0];
  const base: Record<string, string> = {
    Int: 'int4',
    BigInt: 'int8',
    Boolean: 'bool',
    DateTime: native === 'Timestamptz' ? 'timestamptz' : 'timestamp',
    Json: 'jsonb',
    Float: 'float8',
    Decimal: 'numeric',
    Bytes: 'bytea',
    String: native === 'Uuid' ? 'uuid' : 'text',
  };
  const t = base[f.type] ?? `unknown:${f.type}`;
  return f.isList ? `_${t}` : t;
}

type Column = {
  table_name: string;
  column_name: string;
  udt_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
};
type PgIndex = {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  partial: boolean;
};
type Fk = { table: string; columns: string[]; ref_table: string; ref_columns: string[] };

let columns: Column[] = [];
let pgIndexes: PgIndex[] = [];
let fks: Fk[] = [];
let pgEnums = new Map<string, string[]>();
let tables: string[] = [];
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await client.connect();
  tables = (
    await client.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    )
  ).rows.map((r) => r.t);
  columns = (
    await client.query<Column>(
      `SELECT table_name, column_name, udt_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public'`,
    )
  ).rows;
  pgIndexes = (
    await client.query<{
      table: string;
      columns: string[];
      unique: boolean;
      primary: boolean;
      partial: boolean;
    }>(`
      SELECT t.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns, i.indisunique AS unique, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      GROUP BY t.relname, i.indexrelid, i.indisunique, i.indisprimary, i.indpred`)
  ).rows;
  fks = (
    await client.query<Fk>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref_table,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_columns
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public' WHERE c.contype = 'f'`)
  ).rows.map((r) => ({
    ...r,
    table: r.table.replace(/"/g, ''),
    ref_table: r.ref_table.replace(/"/g, ''),
  }));
  const enumRows = (
    await client.query<{ name: string; label: string }>(
      `SELECT t.typname AS name, e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public' ORDER BY e.enumsortorder`,
    )
  ).rows;
  pgEnums = new Map();
  for (const r of enumRows) pgEnums.set(r.name, [...(pgEnums.get(r.name) ?? []), r.label]);
});

afterAll(() => client.end());

describe('schema.prisma matches the migrated database', () => {
  it('has exactly the same tables', () => {
    expect(tables.sort()).toEqual(models.map(tableOf).sort());
  });

  it('has the same enums and values', () => {
    const expected = Object.fromEntries(
      enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]),
    );
    expect(Object.fromEntries(pgEnums)).toEqual(expected);
  });

  it('has the same columns with the same types, nullability and defaults', () => {
    const problems: string[] = [];
    for (const model of models) {
      const table = tableOf(model);
      const scalar = model.fields.filter((f) => f.kind !== 'object');
      const actual = columns.filter((c) => c.table_name === table);
      const expectedNames = new Set(scalar.map(columnOf));
      for (const c of actual)
        if (!expectedNames.has(c.column_name))
          problems.push(`${table}.${c.column_name} exists in the database but not in the schema`);
      for (const f of scalar) {
        const c = actual.find((x) => x.column_name === columnOf(f));
        if (!c) {
          problems.push(`${table}.${columnOf(f)} is missing from the database`);
          continue;
        }
        const type = c.data_type === 'USER-DEFINED' ? `enum:${c.udt_name}` : c.udt_name;
        if (type !== expectedType(f))
          problems.push(`${table}.${c.column_name}: type ${type}, schema says ${expectedType(f)}`);
        if (!f.isList && (c.is_nullable === 'NO') !== f.isRequired)
          problems.push(
            `${table}.${c.column_name}: nullable=${c.is_nullable}, schema isRequired=${f.isRequired}`,
          );
        const dbSideDefault =
          f.hasDefaultValue &&
          !(
            typeof f.default === 'object' &&
            f.default &&
            ['uuid', 'cuid'].includes((f.default as { name?: string }).name ?? '')
          );
        if (dbSideDefault && c.column_default === null)
          problems.push(`${table}.${c.column_name}: schema has a default, the database has none`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has every primary key, unique and plain index the schema declares, and no full index it does not', () => {
    const problems: string[] = [];
    const key = (table: string, cols: string[], kind: string) =>
      `${table}(${cols.join(',')}) ${kind}`;
    const declared = new Set<string>();
    for (const index of indexes) {
      const model = modelByName.get(index.model)!;
      const cols = index.fields.map((f) => columnOf(model.fields.find((x) => x.name === f.name)!));
      const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'index';
      declared.add(key(tableOf(model), cols, kind));
    }
    const actual = new Set(
      pgIndexes
        // Partial unique indexes cannot be expressed in schema.prisma; they live in SQL only.
        .filter((i) => !i.partial && i.table !== '_prisma_migrations')
        .map((i) => key(i.table, i.columns, i.primary ? 'primary' : i.unique ? 'unique' : 'index')),
    );
    for (const d of declared) if (!actual.has(d)) problems.push(`missing in database: ${d}`);
    for (const a of actual) if (!declared.has(a)) problems.push(`not in schema: ${a}`);
    expect(problems).toEqual([]);
  });

  it('has the foreign keys of every relation', () => {
    const problems: string[] = [];
    for (const model of models) {
      for (const f of model.fields.filter(
        (x) => x.kind === 'object' && x.relationFromFields?.length,
      )) {
        const target = modelByName.get(f.type)!;
        const cols = f.relationFromFields!.map((n) =>
          columnOf(model.fields.find((x) => x.name === n)!),
        );
        const refs = f.relationToFields!.map((n) =>
          columnOf(target.fields.find((x) => x.name === n)!),
        );
        const found = fks.some(
          (k) =>
            k.table === tableOf(model) &&
            k.ref_table === tableOf(target) &&
            k.columns.join() === cols.join() &&
            k.ref_columns.join() === refs.join(),
        );
        if (!found)
          problems.push(
            `${tableOf(model)}(${cols.join(',')}) → ${tableOf(target)}(${refs.join(',')})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});
