import { decodeText, type DecodedText } from '../load/read.js';
import type { TextEncodingName } from '../load/types.js';
import type { Text } from '../text.js';
import { say } from '../load/text.js';

/** Every name `LoadOptions.encoding` accepts, with the usual spellings people type. */
export const TEXT_ENCODINGS: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'latin-1': 'latin-1',
  latin1: 'latin-1',
  'iso-8859-1': 'latin-1',
};

/** The canonical name of an encoding a person typed, or null. */
export function textEncodingName(name: string): TextEncodingName | null {
  return TEXT_ENCODINGS[name.trim().toLowerCase()] ?? null;
}

export type DecodedLegacyText =
  | (Extract<DecodedText, { ok: true }> & { inferred?: false })
  | { ok: true; text: string; encoding: 'windows-1252'; utf8: Uint8Array; inferred: boolean; message: string; messageText: Text }
  | Extract<DecodedText, { ok: false }>;

/**
 * Text of a file in the declared encoding, else UTF-8 (BOM or not) or UTF-16
 * with a BOM; bytes that are not valid UTF-8 and hold no NUL (so not binary,
 * not UTF-16) are read as Windows-1252 — what Excel on Windows writes as
 * "CSV" — and `inferred` says so, for a warning. Latin-1 is decoded as
 * Windows-1252 (its superset, as every browser does).
 */
export function decodeTextAs(bytes: Uint8Array, options: { whole: boolean; encoding?: TextEncodingName }): DecodedLegacyText {
  if (options.encoding === 'windows-1252' || options.encoding === 'latin-1') {
    return legacy(bytes, false, say('encoding.declared', { encoding: options.encoding === 'latin-1' ? 'Latin-1' : 'Windows-1252' }));
  }
  const utf = decodeText(bytes, options);
  if (utf.ok || options.encoding === 'utf-8' || !/not valid UTF-8/.test(utf.message)) return utf;
  return legacy(
    bytes,
    true,
    say('encoding.read-as-1252', { line: utf.messageText.params.line, at: utf.messageText.params.at }),
  );
}

function legacy(bytes: Uint8Array, inferred: boolean, said: { message: string; text: Text }): DecodedLegacyText {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return { ok: true, text, encoding: 'windows-1252', utf8: new TextEncoder().encode(text), inferred, message: said.message, messageText: said.text };
}
