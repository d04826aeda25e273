import type { Messages } from '../i18n/catalogue.js';

/** The German words of the review's draft panel (see draft-panel.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'draft.edit': 'Bearbeiten',
  'draft.done': 'Editor schließen',
  'draft.edit-section': 'Abschnitt {section} bearbeiten',
  'draft.editor-help': 'Ein Satz je Zeile; [1, 3] zitiert die Belege 1 und 3. Änderungen gelten beim Verlassen des Felds.',
  'draft.cite-aria': 'Beleg {n}: {what}',
  'origin.drafted': 'Entworfen', 'origin.edited': 'Bearbeitet', 'origin.added': 'Von Hand ergänzt',
  'flag.unsupported': 'Nicht belegt: zitiert keinen verwendbaren Beleg',
  'flag.unknown-evidence': 'Zitiert einen Beleg, den es nicht gibt',
  'flag.excluded-evidence': 'Zitiert einen ausgeschlossenen Beleg',
  'flag.rating-value': 'Nennt einen Bewertungswert',
  'flag.rating-label': 'Verwendet eine Bewertungsstufe',
  'flag.okr-to-rating': 'Macht aus OKR-Zielerreichung eine Bewertung',
  'draft.add': 'Satz hinzufügen',
  'draft.add-placeholder': 'Ihr Satz; Beleg-IDs in [Klammern] zitieren',
  'section.delivery': 'Lieferung eigener Key Results', 'section.team': 'Beitrag zu Teamergebnissen', 'section.weeks': 'Der Zyklus Woche für Woche',
  'section.feedback': 'Was Kolleg:innen und Mitarbeitende sagten', 'section.recognition': 'Anerkennung', 'section.other': 'Sonstiges',
  'guard.title': 'Leitplanken',
  'guard.coverage': 'Abdeckung der Belege',
  'guard.kind': 'Quelle', 'guard.available': 'Einträge', 'guard.cited': 'Zitiert', 'guard.excluded': 'Ausgeschlossen',
  'guard.unused': 'Nicht verwendet: {kinds}',
  'guard.recency': 'Aktualität der zitierten Belege',
  'guard.spread': 'Die zitierten Belege verteilen sich über den Zyklus.',
  'guard.bunched': 'Die meisten zitierten Belege stammen aus den letzten Wochen: Betrachten Sie den ganzen Zyklus.',
  'guard.no-dated': 'Keine datierten Belege zitiert.',
};

export default de;
