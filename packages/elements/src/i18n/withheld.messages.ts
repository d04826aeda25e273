import type { FamilyCatalogue } from './catalogue.js';

/**
 * Why a view's figures are withheld (core's `WithheldReason`): one wording for every view that withholds a
 * whole result, in the `common` family (every element registers it; see `PlumbView.withheldMessage`).
 */
export const withheldMessages: FamilyCatalogue = {
  en: {
    'withheld.person': 'One person is selected; group figures are not shown for a single person.',
    'withheld.department': 'Everyone matching these filters is in a department smaller than {k} people, or nobody matches; nothing is shown.',
    'withheld.too-few': 'Fewer than {k} people match these filters; nothing is shown.',
    'withheld.cut': 'These filters would single out fewer than {k} people by comparison with a broader view; nothing is shown.',
  },
  de: {
    'withheld.person': 'Eine einzelne Person ist ausgewählt; Gruppenzahlen werden für eine Person nicht gezeigt.',
    'withheld.department': 'Alle Personen dieser Filter sind in Abteilungen mit weniger als {k} Personen, oder niemand passt; es wird nichts gezeigt.',
    'withheld.too-few': 'Weniger als {k} Personen entsprechen diesen Filtern; es wird nichts gezeigt.',
    'withheld.cut': 'Diese Filter würden im Vergleich mit einer breiteren Ansicht weniger als {k} Personen herausgreifen; es wird nichts gezeigt.',
  },
  fr: {
    'withheld.person': 'Une seule personne est sélectionnée ; les chiffres de groupe ne sont pas montrés pour une personne.',
    'withheld.department': 'Toutes les personnes de ces filtres sont dans des départements de moins de {k} personnes, ou personne ne correspond ; rien n’est affiché.',
    'withheld.too-few': 'Moins de {k} personnes correspondent à ces filtres ; rien n’est affiché.',
    'withheld.cut': 'Ces filtres isoleraient moins de {k} personnes par comparaison avec une vue plus large ; rien n’est affiché.',
  },
};
