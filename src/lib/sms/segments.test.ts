import { describe, expect, it } from 'vitest';
import { countSmsSegments, nonGsm7Characters } from './segments';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'ж'.repeat(n);

describe('countSmsSegments — GSM-7', () => {
  it('an empty text is zero segments with a whole part left', () => {
    expect(countSmsSegments('')).toEqual({
      encoding: 'GSM-7',
      segments: 0,
      charactersUsed: 0,
      perSegment: 160,
      remainingInSegment: 160,
    });
  });

  it('fits 160 characters in one part, 161 needs two parts of 153', () => {
    expect(countSmsSegments(gsm(1))).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      charactersUsed: 1,
      perSegment: 160,
      remainingInSegment: 159,
    });
    expect(countSmsSegments(gsm(160))).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      charactersUsed: 160,
      perSegment: 160,
      remainingInSegment: 0,
    });
    expect(countSmsSegments(gsm(161))).toEqual({
      encoding: 'GSM-7',
      segments: 2,
      charactersUsed: 161,
      perSegment: 153,
      remainingInSegment: 145,
    });
  });

  it('fills two parts at 306 (153×2) and starts a third at 307', () => {
    expect(countSmsSegments(gsm(306))).toMatchObject({ segments: 2, remainingInSegment: 0 });
    expect(countSmsSegments(gsm(307))).toMatchObject({ segments: 3, remainingInSegment: 152 });
    expect(countSmsSegments(gsm(459))).toMatchObject({ segments: 3, remainingInSegment: 0 });
  });

  it('keeps the accented letters of the default alphabet in GSM-7', () => {
    expect(countSmsSegments('Grüße aus Köln, à bientôt? ÄÖÜ ñ £5 @ 10€')).toMatchObject({
      encoding: 'UCS-2',
    }); // ô is not GSM-7
    expect(countSmsSegments('Grüße aus Köln! ÄÖÜ ñ £5 @ §')).toMatchObject({
      encoding: 'GSM-7',
      charactersUsed: 28,
    });
    expect(countSmsSegments('line one\nline two')).toMatchObject({
      encoding: 'GSM-7',
      charactersUsed: 17,
    });
  });

  it('counts each extension character ^ { } \\ [ ~ ] | € as two septets', () => {
    for (const ch of ['^', '{', '}', '\\', '[', '~', ']', '|', '€']) {
      expect(countSmsSegments(ch)).toEqual({
        encoding: 'GSM-7',
        segments: 1,
        charactersUsed: 2,
        perSegment: 160,
        remainingInSegment: 158,
      });
    }
    expect(countSmsSegments(`${gsm(158)}€`)).toMatchObject({
      segments: 1,
      charactersUsed: 160,
      remainingInSegment: 0,
    });
    expect(countSmsSegments(`${gsm(159)}€`)).toMatchObject({ segments: 2, charactersUsed: 161 });
    expect(countSmsSegments('€'.repeat(80))).toMatchObject({ segments: 1, charactersUsed: 160 });
  });

  it('never splits an escape pair across parts', () => {
    // 152 septets, then an extension char (2) would straddle the 153 boundary: it moves to part 2.
    const text = `${gsm(152)}€${gsm(10)}`;
    expect(countSmsSegments(text)).toMatchObject({
      segments: 2,
      charactersUsed: 164,
      remainingInSegment: 153 - 12,
    });
    // 305 + € (2) = 307: straddles the second boundary → third part.
    expect(countSmsSegments(`${gsm(152)}€${gsm(152)}`)).toMatchObject({ segments: 3 });
    expect(countSmsSegments(`${gsm(151)}€${gsm(153)}`)).toMatchObject({
      segments: 2,
      remainingInSegment: 0,
    });
  });
});

describe('countSmsSegments — UCS-2', () => {
  it('fits 70 code units in one part, 71 needs two parts of 67', () => {
    expect(countSmsSegments(ucs(70))).toEqual({
      encoding: 'UCS-2',
      segments: 1,
      charactersUsed: 70,
      perSegment: 70,
      remainingInSegment: 0,
    });
    expect(countSmsSegments(ucs(71))).toEqual({
      encoding: 'UCS-2',
      segments: 2,
      charactersUsed: 71,
      perSegment: 67,
      remainingInSegment: 63,
    });
    expect(countSmsSegments(ucs(134))).toMatchObject({ segments: 2, remainingInSegment: 0 });
    expect(countSmsSegments(ucs(135))).toMatchObject({ segments: 3, remainingInSegment: 66 });
  });

  it('one non-GSM character switches the whole text to UCS-2', () => {
    expect(countSmsSegments(`${gsm(100)}’`)).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      charactersUsed: 101,
    });
    expect(countSmsSegments('ô')).toMatchObject({
      encoding: 'UCS-2',
      charactersUsed: 1,
      remainingInSegment: 69,
    });
  });

  it('counts an emoji as two code units', () => {
    expect(countSmsSegments('😀')).toEqual({
      encoding: 'UCS-2',
      segments: 1,
      charactersUsed: 2,
      perSegment: 70,
      remainingInSegment: 68,
    });
    expect(countSmsSegments('😀'.repeat(35))).toMatchObject({
      segments: 1,
      charactersUsed: 70,
      remainingInSegment: 0,
    });
    expect(countSmsSegments(`${'😀'.repeat(35)}a`)).toMatchObject({
      segments: 2,
      charactersUsed: 71,
    });
  });

  it('never splits a surrogate pair across parts', () => {
    // 66 units, then an emoji would straddle the 67 boundary: it moves to the next part.
    expect(countSmsSegments(`${ucs(66)}😀${ucs(3)}`)).toMatchObject({
      segments: 2,
      charactersUsed: 71,
      remainingInSegment: 67 - 5,
    });
    expect(countSmsSegments(`${ucs(65)}😀${ucs(67)}`)).toMatchObject({
      segments: 2,
      charactersUsed: 134,
      remainingInSegment: 0,
    });
    expect(countSmsSegments(`${ucs(66)}😀${ucs(66)}`)).toMatchObject({
      segments: 3,
      charactersUsed: 134,
    });
  });
});

describe('nonGsm7Characters', () => {
  it('lists the characters that force UCS-2, once each', () => {
    expect(nonGsm7Characters('Hi ’there’ 😀 €')).toEqual(['’', '😀']);
    expect(nonGsm7Characters('plain [text]')).toEqual([]);
  });
});
