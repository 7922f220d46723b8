// Inputs generated from a procedure's own zod schema, so a new procedure is fuzzed without anyone
// writing a generator for it. Two modes per schema node:
//   valid   - what the schema accepts (in-range numbers, strings within bounds, ids of rows that
//             exist), so a call gets past the first check and reaches the code behind it;
//   hostile - valid everywhere except ONE node: a string of valid length with hostile characters
//             in it, a wrong type, a number out of range, a missing or unexpected member, deep
//             nesting. One bad spot at a time is what reaches a database column or an audit
//             entry; independent noise in every member would mostly be refused by the first check.
import fc from 'fast-check';
import {
  hostileChar,
  hostileKey,
  hostileNumber,
  hostileString,
  hostileValue,
  withMember,
} from './hostile';

/** What this file reads of zod 4's schema objects (their `_zod.def`). */
type Def = { type: string; [key: string]: unknown };
type Node = { _zod: { def: Def } };
type CheckDef = { check?: string; [key: string]: unknown };
type Mode = 'valid' | 'hostile';

/** Ids of rows that exist (the tenant's own) by table, so an id can reach the code behind its lookup. */
export type Pool = { ids: Readonly<Record<string, readonly string[]>> };
/** What is being generated, for picking ids: the procedure path's segments, then member names. */
type Ctx = { pool: Pool; names: readonly string[] };

/** "campaignId" → "campaign", "deadLetters" → "dead_letter", "contacts" → "contact". */
const stem = (name: string) =>
  name
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/s$/, '');

/** Ids of the tables the nearest name points at ("campaignId": campaigns…), else of any table. */
function idsFor({ pool, names }: Ctx): string[] {
  for (const name of [...names].reverse()) {
    const s = stem(name);
    if (s.length < 3) continue;
    const ids = Object.entries(pool.ids)
      .filter(([table]) => table.startsWith(s))
      .flatMap(([, list]) => list);
    if (ids.length > 0) return ids;
  }
  return Object.values(pool.ids).flat();
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && '_zod' in value;
const defOf = (schema: unknown): Def | null => (isNode(schema) ? schema._zod.def : null);
const checksOf = (def: Def): CheckDef[] =>
  Array.isArray(def.checks)
    ? (def.checks as unknown[]).map((c) => (isNode(c) ? (c._zod.def as CheckDef) : {}))
    : [];

const MAX_DEPTH = 6;
const ALNUM = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

/** A procedure's input: mostly valid but for one hostile node, sometimes all valid or all hostile. */
export function inputFor(
  inputs: readonly unknown[],
  pool: Pool,
  path: string,
): fc.Arbitrary<unknown> {
  const [schema] = inputs;
  if (schema === undefined) return hostileValue;
  const ctx: Ctx = { pool, names: path.split('.') };
  return fc.oneof(
    { weight: 1, arbitrary: gen(schema, 'valid', ctx, 0) },
    { weight: 5, arbitrary: gen(schema, 'hostile', ctx, 0) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function gen(schema: unknown, mode: Mode, ctx: Ctx, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (!def || depth > MAX_DEPTH) return mode === 'valid' ? fc.constant(undefined) : hostileValue;
  const inner = (key: string, m: Mode = mode) => gen(def[key], m, ctx, depth + 1);
  switch (def.type) {
    case 'object':
      return objectOf(def, mode, ctx, depth);
    case 'string':
      return stringOf(def, mode, ctx);
    case 'number':
      return numberOf(def, mode);
    case 'boolean':
      return mode === 'valid' ? fc.boolean() : hostileValue;
    case 'date':
      return mode === 'valid'
        ? fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString())
        : fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.constantFrom('2026-13-45', '0000-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', 'x'),
            fc.constantFrom(-8.64e15, 8.64e15, 1e20, -1),
            hostileValue,
          );
    case 'enum': {
      const values = Object.values(def.entries as object) as unknown[];
      return mode === 'valid' ? fc.constantFrom(...values) : fc.oneof(hostileString, hostileValue);
    }
    case 'literal':
      return mode === 'valid' ? fc.constantFrom(...(def.values as unknown[])) : hostileValue;
    case 'optional':
    case 'default':
    case 'prefault':
      return mode === 'valid'
        ? fc.oneof({ weight: 3, arbitrary: inner('innerType') }, fc.constant(undefined))
        : inner('innerType');
    case 'nullable':
      return mode === 'valid'
        ? fc.oneof({ weight: 3, arbitrary: inner('innerType') }, fc.constant(null))
        : inner('innerType');
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner('innerType');
    // A pipe's input side is what a caller sends; a bare transform says nothing about it, so
    // its output side stands in for it (transforms here normalise text, they keep its type).
    case 'pipe':
      return defOf(def.in)?.type === 'transform' ? inner('out') : inner('in');
    case 'array':
      return arrayOf(def, mode, ctx, depth);
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => gen(o, mode, ctx, depth + 1)));
    case 'intersection':
      return inner('left');
    case 'record':
      return fc
        .array(fc.tuple(fc.string({ unit: ALNUM, maxLength: 10 }), inner('valueType')), {
          maxLength: 4,
        })
        .map((entries) => entries.reduce<object>((o, [k, v]) => withMember(o, k, v), {}));
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map((i) => gen(i, mode, ctx, depth + 1)));
    case 'lazy':
      return gen((def.getter as () => unknown)(), mode, ctx, depth + 1);
    default:
      return mode === 'valid' ? fc.constant(undefined) : hostileValue;
  }
}

function objectOf(def: Def, mode: Mode, ctx: Ctx, depth: number): fc.Arbitrary<unknown> {
  const shape = Object.entries((def.shape ?? {}) as Record<string, unknown>);
  const at = (key: string): Ctx => ({ ...ctx, names: [...ctx.names, key] });
  const valid = shape.map(([key, member]) => gen(member, 'valid', at(key), depth + 1));
  const build = (values: unknown[], extra: [string, unknown][] = [], omit = -1) => {
    const out: object = {};
    values.forEach((value, i) => {
      if (i !== omit && value !== undefined) withMember(out, shape[i]![0], value);
    });
    for (const [k, v] of extra) withMember(out, k, v);
    return out;
  };
  if (mode === 'valid') return fc.tuple(...valid).map((values) => build(values));
  // Hostile: one member hostile, or one missing, or one nobody asked for; the rest valid.
  const oneHostile = shape.map(([key, member], i) =>
    fc
      .tuple(fc.tuple(...valid), gen(member, 'hostile', at(key), depth + 1))
      .map(([values, bad]) => build(values.map((v, j) => (j === i ? bad : v)))),
  );
  const oneMissing = fc
    .tuple(fc.tuple(...valid), fc.nat())
    .map(([values, at]) => build(values, [], shape.length > 0 ? at % shape.length : -1));
  const unexpected = fc
    .tuple(
      fc.tuple(...valid),
      fc.array(fc.tuple(hostileKey, hostileValue), { minLength: 1, maxLength: 3 }),
    )
    .map(([values, extra]) => build(values, extra));
  return fc.oneof(
    ...oneHostile.map((arbitrary) => ({ weight: 4, arbitrary })),
    { weight: 1, arbitrary: oneMissing },
    { weight: 1, arbitrary: unexpected },
    { weight: 1, arbitrary: hostileValue },
  );
}

function arrayOf(def: Def, mode: Mode, ctx: Ctx, depth: number): fc.Arbitrary<unknown> {
  const { min, max } = lengthsOf(def, 0, 5);
  const element = (m: Mode) => gen(def.element, m, ctx, depth + 1);
  const valid = fc.array(element('valid'), { minLength: min, maxLength: Math.min(max, min + 3) });
  if (mode === 'valid') return valid;
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(valid, element('hostile'), fc.nat()).map(([items, bad, at]) => {
        const out = [...items];
        out.splice(items.length > 0 ? at % (items.length + 1) : 0, 0, bad);
        return out;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.array(element('valid'), { minLength: max + 1, maxLength: max + 3 }),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

function lengthsOf(def: Def, min: number, max: number): { min: number; max: number } {
  for (const check of checksOf(def)) {
    if (check.check === 'min_length' && typeof check.minimum === 'number') min = check.minimum;
    if (check.check === 'max_length' && typeof check.maximum === 'number') max = check.maximum;
    if (check.check === 'length_equals' && typeof check.length === 'number')
      min = max = check.length;
  }
  return { min, max: Math.max(min, max) };
}

/** fast-check reads most regular expressions; for one it cannot, plain strings will do. */
function matching(pattern: RegExp): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(pattern);
  } catch {
    return null;
  }
}

/** Text of a length the schema accepts with 1-3 hostile characters in it. */
const spiked = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({
        unit: ALNUM,
        minLength: Math.max(min, 3),
        maxLength: Math.max(min, 3, Math.min(max, 40)),
      }),
      fc.array(fc.tuple(fc.nat(), hostileChar), { minLength: 1, maxLength: 3 }),
    )
    .map(([plain, inserts]) => {
      let out = plain;
      for (const [at, c] of inserts) {
        const i = at % (out.length + 1);
        out = out.slice(0, i) + c + out.slice(i);
      }
      return out;
    });

function stringOf(def: Def, mode: Mode, ctx: Ctx): fc.Arbitrary<unknown> {
  const formatCheck = checksOf(def).find((c) => c.check === 'string_format');
  const format = (def.format ?? formatCheck?.format) as string | undefined;
  const pattern = (def.pattern ?? formatCheck?.pattern) as RegExp | undefined;
  const { min, max } = lengthsOf(def, 0, 60);
  if (mode === 'hostile')
    return fc.oneof(
      { weight: 4, arbitrary: spiked(min, max) },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileValue },
    );
  if (format === 'uuid' || format === 'guid') {
    const ids = idsFor(ctx);
    return ids.length > 0
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, fc.uuid({ version: 4 }))
      : fc.uuid({ version: 4 });
  }
  if (format === 'email') return fc.emailAddress();
  const matches = pattern ? matching(pattern) : null;
  if (matches) return matches;
  const lo = Math.max(min, 1);
  return fc.string({ unit: ALNUM, minLength: lo, maxLength: Math.max(lo, Math.min(max, lo + 30)) });
}

function numberOf(def: Def, mode: Mode): fc.Arbitrary<unknown> {
  let min = -1e9;
  let max = 1e9;
  let isInt = false;
  for (const check of checksOf(def)) {
    const value = check.value;
    if (check.check === 'greater_than' && typeof value === 'number')
      min = check.inclusive ? value : value + 1;
    if (check.check === 'less_than' && typeof value === 'number')
      max = check.inclusive ? value : value - 1;
    if (check.check === 'number_format') isInt = true;
  }
  const lo = Math.max(min, Number.MIN_SAFE_INTEGER);
  const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
  if (mode === 'valid')
    return isInt
      ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
      : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(lo - 1, hi + 1, lo - 0.5, hi + 0.5) },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom('1', 'NaN', 'Infinity', '-Infinity', '1e309', '0x10') },
    { weight: 1, arbitrary: hostileValue },
  );
}
