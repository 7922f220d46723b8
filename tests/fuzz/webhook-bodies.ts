// Hostile webhook bodies built from a provider's own sample delivery (its simulator's sampleBody):
// one node of the sample replaced, added or removed, the whole body swapped for a hostile value,
// or raw text that is not the provider's format at all. Form bodies (Twilio) are mutated as
// parameters, and also sent as JSON, which Twilio may use too.
import fc from 'fast-check';
import { hostileKey, hostileString, hostileValue, withMember } from './hostile';
import { jsonText } from './json-text';

export type HostileBody = { text: string; contentType?: string; what: string };

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'whole'; value: unknown };

const deepText = (depth: number, open: string, close: string, inner = '') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Text no provider format accepts: broken, empty, or nested past any sane depth. */
const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    '[]',
    '"just a string"',
    '{',
    '{"a":',
    'not json at all',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"\\udc00":1}',
    '{"__proto__":{"polluted":true}}',
    '{"a":1,"a":2}',
    '1e999999',
  ),
  fc.constantFrom(65, 5_000, 100_000).map((n) => deepText(n, '[', ']')),
  fc.constantFrom(65, 5_000, 100_000).map((n) => deepText(n, '{"a":', '}', '1')),
  fc.constantFrom(100_000).map((n) => '['.repeat(n)),
  hostileString,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: hostileValue,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      key: hostileKey,
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
);

type Slot = { parent: object; key: string | number };

/** Every member and item of a (small, sample) JSON value, parents before children. */
function slotsOf(root: object): Slot[] {
  const slots: Slot[] = [];
  const queue: object[] = [root];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const [key, value] of Object.entries(node) as [string, unknown][]) {
      slots.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
      if (typeof value === 'object' && value !== null) queue.push(value);
    }
  }
  return slots;
}

function applyToJson(sample: unknown, m: Mutation): unknown {
  if (m.kind === 'whole' || typeof sample !== 'object' || sample === null)
    return m.kind === 'whole' ? m.value : sample;
  const root: object = structuredClone(sample);
  const slots = slotsOf(root);
  const slot = slots[m.at % Math.max(1, slots.length)];
  if (m.kind === 'add') {
    const containers = [root, ...slots.map((s) => Reflect.get(s.parent, s.key) as unknown)].filter(
      (v): v is object => typeof v === 'object' && v !== null && !Array.isArray(v),
    );
    withMember(containers[m.at % containers.length]!, m.key, m.value);
    return root;
  }
  if (!slot) return root;
  if (m.kind === 'remove') {
    if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
    else Reflect.deleteProperty(slot.parent, slot.key);
    return root;
  }
  withMember(slot.parent, String(slot.key), m.value);
  return root;
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Hostile bodies derived from `sample` (one sample per case: its ids make the event new). */
export function hostileBodyFrom(sample: string): fc.Arbitrary<HostileBody> {
  const json = isJson(sample);
  const fromSample = mutation.map((m): HostileBody => {
    if (json) {
      const text = jsonText(applyToJson(JSON.parse(sample), m)) ?? '';
      return { text, what: `json ${m.kind}` };
    }
    // A form body: mutate its parameters as an object, then send it as a form or as JSON.
    const params = Object.fromEntries(new URLSearchParams(sample));
    const mutated = applyToJson(params, m);
    if (typeof mutated === 'object' && mutated !== null && !Array.isArray(mutated)) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(mutated))
        form.append(k, typeof v === 'string' ? v : (jsonText(v) ?? ''));
      return { text: form.toString(), what: `form ${m.kind}` };
    }
    return { text: jsonText(mutated) ?? '', what: `form ${m.kind} as text` };
  });
  const raw = rawText.map((text): HostileBody => ({ text, what: 'raw text' }));
  if (json) return fc.oneof({ weight: 5, arbitrary: fromSample }, { weight: 2, arbitrary: raw });
  const asJson = mutation.map((m): HostileBody => {
    const value = applyToJson(Object.fromEntries(new URLSearchParams(sample)), m);
    return {
      text: jsonText(value) ?? '',
      contentType: 'application/json',
      what: `form ${m.kind} as json`,
    };
  });
  return fc.oneof(
    { weight: 5, arbitrary: fromSample },
    { weight: 2, arbitrary: raw },
    { weight: 2, arbitrary: asJson },
  );
}
