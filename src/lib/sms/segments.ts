// How many SMS segments a text costs, and in which encoding (3GPP TS 23.038 / 23.040).
// GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table
// (an extension character is sent as ESC + char: 2 septets); otherwise UCS-2, counted in UTF-16
// code units. A long message is split into parts that each lose room to the 6-byte UDH:
// 160 → 153 septets, 70 → 67 code units. An escape pair or a surrogate pair is never split
// across two parts (handsets would show garbage), so a part can end one unit short.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsSegmentInfo = {
  encoding: SmsEncoding;
  /** Parts the message is sent as (0 for an empty text). */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  charactersUsed: number;
  /** Capacity of one part: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
  /** Units left in the last part before another part is needed. */
  remainingInSegment: number;
};

export const GSM7_SINGLE = 160;
export const GSM7_MULTI = 153;
export const UCS2_SINGLE = 70;
export const UCS2_MULTI = 67;

// GSM 03.38 default alphabet (basic character set), in table order.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: each costs an escape septet plus itself. \f (form feed) is in the table too.
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

export const isGsm7Extension = (ch: string) => GSM7_EXTENSION.has(ch);

/** Cost of each character in units of the chosen encoding, or null if GSM-7 cannot carry it. */
function gsm7Units(text: string): number[] | null {
  const units: number[] = [];
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) units.push(1);
    else if (GSM7_EXTENSION.has(ch)) units.push(2);
    else return null;
  }
  return units;
}

/** UTF-16 code units per code point: 2 for anything outside the BMP (most emoji). */
function ucs2Units(text: string): number[] {
  const units: number[] = [];
  for (const ch of text) units.push(ch.length);
  return units;
}

/** Packs indivisible units into parts of `capacity`; returns the part count and the last part's fill. */
function pack(units: number[], capacity: number): { parts: number; lastFill: number } {
  let parts = 1;
  let fill = 0;
  for (const u of units) {
    if (fill + u > capacity) {
      parts += 1;
      fill = 0;
    }
    fill += u;
  }
  return { parts, lastFill: fill };
}

export function countSmsSegments(text: string): SmsSegmentInfo {
  const gsm = gsm7Units(text);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const units = gsm ?? ucs2Units(text);
  const single = gsm ? GSM7_SINGLE : UCS2_SINGLE;
  const multi = gsm ? GSM7_MULTI : UCS2_MULTI;
  const used = units.reduce((sum, u) => sum + u, 0);
  if (used === 0)
    return {
      encoding,
      segments: 0,
      charactersUsed: 0,
      perSegment: single,
      remainingInSegment: single,
    };
  if (used <= single)
    return {
      encoding,
      segments: 1,
      charactersUsed: used,
      perSegment: single,
      remainingInSegment: single - used,
    };
  const { parts, lastFill } = pack(units, multi);
  return {
    encoding,
    segments: parts,
    charactersUsed: used,
    perSegment: multi,
    remainingInSegment: multi - lastFill,
  };
}

/** The characters that force UCS-2 (for the editor's hint: "é is fine, ’ is not"). */
export function nonGsm7Characters(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) if (!GSM7_BASIC.has(ch) && !GSM7_EXTENSION.has(ch)) found.add(ch);
  return [...found];
}
