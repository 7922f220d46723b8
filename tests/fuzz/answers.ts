// What an answer to hostile input may not contain: anything about how the server is built.
// "at " alone would match our own "at most 100 characters", so a stack frame is matched by
// shape; "Invalid " alone would match zod's "Invalid input: expected string" (which describes the
// input), so Prisma's "Invalid `prisma.x.create()` invocation" is matched with its backtick.
const INTERNALS: [string, RegExp][] = [
  ['Prisma', /prisma/i],
  ['a stack frame', /\bat (?:async )?[\w$.<>[\]]+ \(|\n\s+at \S/],
  ['a source location', /\.[cm]?[jt]sx?:\d|\.ts:/],
  ['node_modules', /node_modules/],
  ['a Prisma invocation', /Invalid `|invocation/],
  [
    'an SQL state',
    /SQLSTATE|\b(?:22P02|22021|22001|22003|22007|22008|23502|23503|23505|23514|25P02|40001|40P01|42601|42703|42883|42P01|54001|55P03|XX000)\b/,
  ],
  ['a driver error', /DriverAdapterError|PrismaClient|ECONNREFUSED|pg_catalog/],
  ['an engine error', /Maximum call stack|RangeError|TypeError|ReferenceError/],
];

/** The internals an answer's text reveals (empty when it reveals none). */
export function internalsIn(text: string): string[] {
  return INTERNALS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}
