/**
 * Stable pseudonyms for projection: the same id always gets the same
 * pseudonym (for a given salt), whatever filters are applied, so a room can
 * talk about "Manager K7QM" across views without seeing a name. The salt lets
 * an embedder make pseudonyms unguessable from a list of ids.
 */

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud from a projector

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A four-character code for `id`, e.g. "K7QM". */
export function pseudonymCode(id: string, salt = ''): string {
  let h = fnv1a(`${salt}\u0000${id}`);
  let code = '';
  for (let i = 0; i < 4; i++) {
    code += ALPHABET[h % 32];
    h = Math.floor(h / 32);
  }
  return code;
}

/**
 * Pseudonyms for a set of ids, `${prefix} ${code}`; ids whose codes collide
 * within the set get a numeric suffix in id order, so labels stay distinct.
 */
export function pseudonymize(ids: Iterable<string>, prefix: string, salt = ''): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const id of sorted) {
    const code = pseudonymCode(id, salt);
    const count = (seen.get(code) ?? 0) + 1;
    seen.set(code, count);
    out.set(id, count === 1 ? `${prefix} ${code}` : `${prefix} ${code}-${count}`);
  }
  return out;
}
