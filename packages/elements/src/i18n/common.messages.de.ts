import type { Messages } from '../i18n/catalogue.js';

/** The German messages of common (see common.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'state.no-source': 'Keine Datenquelle: in <plumb-data> einsetzen, mit source="id" auf eines verweisen oder .connector setzen.',
  'state.loading': 'Wird geladen…',
  'state.error': '{what} konnte nicht gezeichnet werden: {message}',
  'state.empty': 'Hier gibt es nichts anzuzeigen.',
  'state.no-match': 'Nichts entspricht der aktuellen Auswahl.',
  'state.updating': 'Wird aktualisiert…',
  'privacy.suppressed': 'Ausgeblendet: weniger als {k} Personen',
  'selection.filtered-by': 'Gefiltert nach {what}',
  'selection.clear': 'Auswahl aufheben',
  'export.csv': 'CSV herunterladen',
  'export.svg': 'SVG herunterladen',
  'export.png': 'PNG herunterladen',
  'export.no-chart': '{element} hat noch keine Zeichnung zum Exportieren.',
  'export.no-rows': '{element} hat noch keine Zeilen zum Exportieren.',
  'export.source': 'Quelle: Plumb, {date}',
  'export.filtered': 'Gefiltert nach {filters}',
  'export.raw-column': '{label} (ungerundet)',
  'table.show': 'Tabelle',
  'value.none': '—',
  'kind.team': 'Team',
  'kind.department': 'Abteilung',
  'kind.level': 'Stufe',
  'kind.rater': 'Führungskraft',
  'dimension.overall': 'Gesamtleistung',
  'dimension.potential': 'Potenzial',
  'kind.person': 'Person',
  'kind.objective': 'Ziel',
  'kind.key_result': 'Schlüsselergebnis',
  'people': (p, fmt) => `${fmt.integer(Number(p.n))} ${fmt.plural(Number(p.n)) === 'one' ? 'Person' : 'Personen'}`,
};

export default de;
