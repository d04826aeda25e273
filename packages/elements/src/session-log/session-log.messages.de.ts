import type { Messages } from '../i18n/catalogue.js';

/** The German messages of session-log (see session-log.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'export.ratings': 'Kalibrierte Bewertungen exportieren (CSV)',
  'impact.title': 'Änderungen nach {attribute}: Vier-Fünftel-Prüfung (eine Leitplanke, keine Quote)',
  'impact.group': 'Gruppe', 'impact.n': 'Personen', 'impact.up': 'Hochgestuft', 'impact.up-ratio': 'ggü. bester (hoch)',
  'impact.down': 'Herabgestuft', 'impact.down-ratio': 'ggü. bester (nicht herab)', 'impact.flag': '⚠ unter 4/5',
  'impact.note': 'Jede Quote wird mit der der besten Gruppe verglichen; unter 0,8 wird zur zweiten Prüfung markiert. Es ändert nichts.',
  'impact.none': 'Keine Gruppe hat mindestens {k} Personen: nichts zu vergleichen.',
  'impact.suppressed': '{n} kleinere Gruppen nicht gezeigt (weniger als {k} Personen, oder nötig, um eine zu verbergen).',
  close: 'Sitzung schließen', 'close.title': 'Diese Kalibrierungssitzung schließen?',
  'close.message': 'Danach kann niemand mehr eine Bewertung darin ändern, weder hier noch auf einem anderen Laptop. Protokoll und Änderungen bleiben erhalten.',
  'state.closed': 'Sitzung geschlossen ({time}): keine weiteren Änderungen möglich',
  what: 'das Sitzungsprotokoll',
  title: 'Änderungen in dieser Sitzung',
  'list.label': 'Änderungen der Sitzung, neueste zuerst',
  undo: 'Letzte Änderung rückgängig', redo: 'Wiederholen',
  'undo.entry': 'Rückgängig', 'undo.entry-aria': 'Änderung {seq} rückgängig machen: {text}',
  'entry.rating': '{person}: {dimension} {from} → {to}',
  'entry.discussed': '{person} als besprochen markiert',
  'entry.note': 'Notiz: {text}',
  'entry.note-person': 'Notiz zu {person}: {text}',
  'entry.undo': 'Änderung {seq} rückgängig gemacht',
  'entry.meta': '{time} · {by}',
  'entry.undone': 'rückgängig gemacht',
  'entry.reason': 'Begründung: {reason}',
  'flag.big-move': '⚠ {levels} Stufen', 'flag.no-reason': '✎ ohne Begründung',
  empty: 'Noch keine Änderungen. Verschieben Sie jemanden im Raster oder in der Tabelle.',
  'no-session': 'Keine Sitzung geöffnet.',
  'summary': '{changes} Änderungen gültig · {undone} rückgängig · {discussed} besprochen',
  'state.saving': 'Wird gespeichert …', 'state.saved': 'Alle Änderungen gespeichert', 'state.conflict': 'Ein anderer Tab hat diese Sitzung geändert: neu laden, um seine Änderungen zu sehen', 'state.error': 'Nicht gespeichert: Speicher fehlgeschlagen', 'state.idle': '',
  someone: 'jemand',
  'export.csv': 'Änderungen exportieren (CSV)', 'export.json': 'Änderungen exportieren (JSON)',
};

export default de;
