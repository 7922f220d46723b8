// Hostile values for the fuzz suite: the characters, strings, numbers and shapes that broke (or
// could break) a boundary before — lone surrogates, NUL and other controls, bidi overrides, very
// long text, huge and tiny numbers, numbers spelled as strings, deep nesting, wrong types and
// members nobody asked for.
import fc from 'fast-check';

/** Characters that each need handling somewhere between a request and Postgres. */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  // lone UTF-16 surrogates: valid in a JS string and in JSON text, refused by jsonb
  { weight: 2, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff') },
  // NUL, which Postgres text cannot hold, then the other C0 and C1 controls
  { weight: 2, arbitrary: fc.constant('\u0000') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('\u007f', '\u0085', '\u009f') },
  // bidi overrides and isolates, zero-width and non-characters
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200b',
      '\u200f',
      '\ufeff',
      '\ufffe',
      '\uffff',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('"', "'", '\\', '%', '_', '<', '>', '&', '{', '}', '`') },
  // anything else, astral planes included
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t \n',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x1F',
  '9007199254740993',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  "' OR 1=1 --",
  '%00',
  '\u0000',
  'a\ud800b',
  '\udc00\ud800',
  '\u202Egnp.exe',
  '{{first_name}}',
  '{{',
  '$1',
];

/** Very long text, around a hostile character (the 100 000 case is far past every text cap). */
const longString = fc
  .record({ c: hostileChar, n: fc.constantFrom(256, 1_001, 5_000, 100_000) })
  .map(({ c, n }) => `a${c}`.repeat(Math.ceil(n / (1 + c.length))).slice(0, n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: hostileChar, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: longString },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1,
      -1,
      0.5,
      -0.5,
      1e-320,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      -Number.MAX_SAFE_INTEGER - 2,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 63,
      1e21,
      NaN,
      Infinity,
      -Infinity,
    ),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** The keys an attacker would try: prototype names, our own column names, odd text. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'tenantId',
    'tenant_id',
    'id',
    'role',
    'actor',
    '$where',
    '',
    '\ud800',
    '\u0000',
  ),
  fc.string({ unit: hostileChar, maxLength: 12 }),
);

/** An own enumerable property even for '__proto__' (plain assignment would set the prototype). */
export function withMember(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/**
 * Nested arrays or objects, `depth` levels. Printed by fast-check as a short description, since
 * its printer (like JSON.stringify) would itself overflow the stack on the value.
 */
export function nested(kind: 'array' | 'object', depth: number): unknown {
  let value: unknown = kind === 'array' ? [] : {};
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return Object.defineProperty(value as object, fc.toStringMethod, {
    value: () => `<${depth} nested ${kind}s>`,
  });
}

export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.constantFrom('array' as const, 'object' as const),
    fc.constantFrom(65, 300, 5_000, 20_000, 100_000),
  )
  .map(([kind, depth]) => nested(kind, depth));

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
);

/** Any hostile value: wrong types, odd containers, unexpected members, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(hostileKey, scalar), { maxLength: 5 })
      .map((entries) => entries.reduce<object>((o, [k, v]) => withMember(o, k, v), {})),
  },
  { weight: 1, arbitrary: deepValue },
);
