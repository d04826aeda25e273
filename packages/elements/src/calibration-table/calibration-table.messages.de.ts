import type { Messages } from '../i18n/catalogue.js';

/** The German messages of calibration-table (see calibration-table.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  what: 'die Kalibrierungstabelle',
  'grid.label': 'Kalibrierungstabelle: {n} Personen, {dimension}',
  'col.name': 'Person', 'col.team_id': 'Team', 'col.manager_name': 'Führungskraft', 'col.manager_rating': 'Bewertung FK',
  'col.calibrated_rating': 'Kalibriert', 'col.change': 'Hinweise', 'col.last_reason': 'Begründung', 'col.discussed': 'Besprochen',
  'col.previous_rating': 'Vorjahr',
  'sort.ascending': 'aufsteigend sortiert', 'sort.descending': 'absteigend sortiert',
  'sort.by': 'Nach {column} sortieren',
  'filter.label': 'Person, Team oder Führungskraft suchen',
  'show.label': 'Zeigen',
  'show.all': 'Alle', 'show.changed': 'Geändert', 'show.not-discussed': 'Noch nicht besprochen', 'show.flagged': 'Mit Hinweis',
  'summary': '{n} Personen · {changed} geändert · {discussed} besprochen',
  'summary.flags': '{big} um zwei oder mehr Stufen verschoben · {noReason} ohne Begründung',
  'summary.shown': '{shown} von {n} angezeigt.',
  'keys': 'Pfeiltasten wechseln die Zelle. + oder − ändert die kalibrierte Bewertung, eine Ziffer setzt sie, D markiert als besprochen, R fügt eine Begründung hinzu. Strg+Z macht rückgängig, Strg+Y wiederholt.',
  'rating.changed': '{to} (vorher {from})',
  'rating.same': '{to}',
  'discussed.yes': '✓ Besprochen', 'discussed.no': 'Noch nicht',
  'flag.big-move': '⚠ {levels} Stufen', 'flag.no-reason': '✎ ohne Begründung',
  'none': '—',
  'announce.changed': '{person}: {dimension} von {from} auf {to}.',
  'announce.discussed': '{person} als besprochen markiert.',
  'announce.read-only': 'Keine Sitzung geöffnet: Bewertungen können hier nicht geändert werden.',
  'announce.failed': 'Die Änderung wurde nicht gespeichert: {message}',
  'announce.undone': 'Rückgängig gemacht.', 'announce.redone': 'Wiederholt.',
  'empty.none': 'Niemand im Umfang hat eine Bewertung „{dimension}“.',
  'empty.filtered': 'Niemand passt zu diesem Filter.',
  'export.csv': 'Änderungen exportieren (CSV)', 'export.json': 'Änderungen exportieren (JSON)',
};

export default de;
