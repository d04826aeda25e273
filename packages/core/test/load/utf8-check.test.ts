// The loader checks a text file's UTF-8 on its bytes (load/read.ts `utf8ErrorAt`, `decodeText`) instead of decoding
// all of it: the answer must be the platform's fatal TextDecoder's, byte for byte, and a file with both a NUL and a
// broken sequence must be refused for the one a chunk-by-chunk decode meets first (what the loader said before).
import { describe, expect, it } from 'vitest';
import { decodeText, utf8ErrorAt } from '../../src/load/read.js';

/** Where TextDecoder (fatal) stops: the byte whose reading throws, or the length when the text ends inside a character. */
function decoderStopsAt(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      } catch {
        return end - 1;
      }
    }
    return bytes.length;
  }
}

/** The loader's check before: every 1 MB chunk decoded, a NUL looked for in each. */
function chunkedVerdict(bytes: Uint8Array): 'ok' | 'not-utf8' | 'nul' {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunk = 1 << 20;
  let offset = 0;
  do {
    const end = Math.min(bytes.length, offset + chunk);
    let part: string;
    try {
      part = decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    } catch {
      return 'not-utf8';
    }
    if (part.includes('\u0000')) return 'nul';
    offset = end;
  } while (offset < bytes.length);
  return 'ok';
}

describe('UTF-8 checked on the bytes', () => {
  it('stops where the platform decoder stops: every lead byte with every boundary second byte, cut and whole', () => {
    const seconds = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    let cases = 0;
    for (let lead = 0; lead < 256; lead++) {
      for (const second of seconds) {
        for (const tail of [[], [0x80], [0x80, 0x80], [0xbf, 0xbf], [0x41], [0x80, 0x41]]) {
          // Bytes at different alignments, with ASCII before, so the four-at-a-time skip is crossed too.
          for (const before of [0, 5]) {
            const bytes = new Uint8Array([...Array(before).fill(0x61), lead, second, ...tail]);
            expect(utf8ErrorAt(bytes), `${before} × a, ${lead.toString(16)} ${second.toString(16)} ${tail}`).toBe(decoderStopsAt(bytes));
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(256 * seconds.length * 6 * 2);
  });

  it('agrees with the decoder on random text of mixed scripts and damage', () => {
    let seed = 20;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    const encoder = new TextEncoder();
    const alphabet = ['a', 'Z', ' ', 'é', 'ß', 'Ж', 'ह', '中', '😀', '\u{10FFFF}', '\uFFFD'];
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const bytes = encoder.encode(text);
      if (random() < 0.7) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256); // one byte damaged
      const view = random() < 0.5 ? bytes : bytes.subarray(Math.floor(random() * 3)); // unaligned starts
      expect(utf8ErrorAt(view)).toBe(decoderStopsAt(view));
    }
  });

  it('a NUL and a broken sequence: refused for the one met first chunk by chunk, as before', () => {
    const MB = 1 << 20;
    const file = (nulAt: number | null, badAt: number | null, length = 2.5 * MB) => {
      const bytes = new Uint8Array(length).fill(0x61);
      if (nulAt !== null) bytes[nulAt] = 0x00;
      if (badAt !== null) bytes[badAt] = 0xff;
      return bytes;
    };
    const cases = [
      // (A NUL in the first 4 kB is refused before as binary or UTF-16: these sit past it.)
      file(null, null), file(5000, null), file(null, 10), file(5000, 2 * MB + 5), file(2 * MB + 5, 10),
      file(6000, 5000), file(5000, 6000), file(MB - 1, MB + 1), file(MB + 1, MB - 1),
      // A character cut at a chunk's end, broken by the first byte of the next one.
      (() => { const b = file(null, null); b[MB - 1] = 0xe2; b[MB] = 0x41; return b; })(),
      (() => { const b = file(2 * MB, null); b[MB - 1] = 0xe2; b[MB] = 0x82; b[MB + 1] = 0xac; return b; })(), // € across chunks, then NUL
      (() => { const b = file(null, null, MB + 1); b[MB] = 0xc3; return b; })(), // the text ends inside a character
    ];
    for (const bytes of cases) {
      const verdict = chunkedVerdict(bytes);
      const got = decodeText(bytes, { whole: false });
      expect(got.ok ? 'ok' : got.messageText.code === 'encoding.nul' ? 'nul' : got.messageText.code === 'encoding.not-utf8' ? 'not-utf8' : got.messageText.code).toBe(verdict);
      if (got.ok) expect(got.text).toBe(new TextDecoder().decode(bytes.subarray(0, MB), { stream: true }));
    }
  });
});
