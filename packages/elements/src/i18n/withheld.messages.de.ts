import type { Messages } from '../i18n/catalogue.js';

/** The German messages of withheld (see withheld.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'withheld.person': 'Eine einzelne Person ist ausgewählt; Gruppenzahlen werden für eine Person nicht gezeigt.',
  'withheld.department': 'Alle Personen dieser Filter sind in Abteilungen mit weniger als {k} Personen, oder niemand passt; es wird nichts gezeigt.',
  'withheld.too-few': 'Weniger als {k} Personen entsprechen diesen Filtern; es wird nichts gezeigt.',
  'withheld.cut': 'Diese Filter würden im Vergleich mit einer breiteren Ansicht weniger als {k} Personen herausgreifen; es wird nichts gezeigt.',
};

export default de;
