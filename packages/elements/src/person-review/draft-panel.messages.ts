import type { FamilyCatalogue } from '../i18n/catalogue.js';

/**
 * The words of the review's draft panel (family "draft-panel": section titles, the editor, citation chips, flags,
 * guardrails), loaded with the draft's chunk; kinds of evidence and the like come from `person-review`'s family.
 */
export const draftPanelMessages: FamilyCatalogue = {
  en: {
    'draft.edit': 'Edit',
    'draft.done': 'Close editor',
    'draft.edit-section': 'Edit the section {section}',
    'draft.editor-help': 'One sentence a line; [1, 3] cites evidence 1 and 3. Changes apply when you leave the box.',
    'draft.cite-aria': 'Evidence {n}: {what}',
    'origin.drafted': 'Drafted', 'origin.edited': 'Edited', 'origin.added': 'Added by hand',
    'flag.unsupported': 'Unsupported: cites no usable evidence',
    'flag.unknown-evidence': 'Cites evidence that does not exist',
    'flag.excluded-evidence': 'Cites excluded evidence',
    'flag.rating-value': 'States a rating value',
    'flag.rating-label': 'Uses a rating label',
    'flag.okr-to-rating': 'Turns OKR attainment into a rating',
    'draft.add': 'Add a sentence',
    'draft.add-placeholder': 'Your sentence; cite evidence ids in [brackets]',
    'section.delivery': 'Delivery on owned key results', 'section.team': 'Contribution to team outcomes', 'section.weeks': 'The cycle week by week',
    'section.feedback': 'What peers and reports said', 'section.recognition': 'Recognition', 'section.other': 'Other',
    'guard.title': 'Guardrails',
    'guard.coverage': 'Evidence coverage',
    'guard.kind': 'Source', 'guard.available': 'Items', 'guard.cited': 'Cited', 'guard.excluded': 'Excluded',
    'guard.unused': 'Not used: {kinds}',
    'guard.recency': 'Recency of cited evidence',
    'guard.spread': 'Cited evidence is spread over the cycle.',
    'guard.bunched': 'Most cited evidence is from the last weeks: look at the whole cycle.',
    'guard.no-dated': 'No dated evidence cited.',
  },
  de: () => import('./draft-panel.messages.de.js'),
  fr: () => import('./draft-panel.messages.fr.js'),
};
