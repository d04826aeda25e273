/** Helpers the German and French load catalogues share (messages.de.ts, messages.fr.ts). */

export const has = (v: unknown) => v !== null && v !== undefined && v !== '';

/** A table's name, with the key `file.csv:table` takes when the two differ. */
export const table = (names: Record<string, string>, t: unknown) => {
  const key = String(t);
  const name = names[key];
  return !name ? key : name.toLowerCase() === key.replace(/_/g, ' ') ? name : `${name} (${key})`;
};
/** A table's name alone (inside a sentence about rows). */
export const plain = (names: Record<string, string>, t: unknown) => names[String(t)] ?? String(t);
