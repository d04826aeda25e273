import type { Messages } from '../i18n/catalogue.js';

/** The French words of the review's draft panel (see draft-panel.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'draft.edit': 'Modifier',
  'draft.done': 'Fermer l’éditeur',
  'draft.edit-section': 'Modifier la section {section}',
  'draft.editor-help': 'Une phrase par ligne ; [1, 3] cite les éléments 1 et 3. Les changements s’appliquent en quittant le champ.',
  'draft.cite-aria': 'Élément {n} : {what}',
  'origin.drafted': 'Rédigé', 'origin.edited': 'Modifié', 'origin.added': 'Ajouté à la main',
  'flag.unsupported': 'Non étayé : ne cite aucun élément utilisable',
  'flag.unknown-evidence': 'Cite un élément qui n’existe pas',
  'flag.excluded-evidence': 'Cite un élément exclu',
  'flag.rating-value': 'Énonce une valeur de note',
  'flag.rating-label': 'Emploie un libellé de note',
  'flag.okr-to-rating': 'Transforme l’atteinte des OKR en note',
  'draft.add': 'Ajouter une phrase',
  'draft.add-placeholder': 'Votre phrase ; citez les identifiants entre [crochets]',
  'section.delivery': 'Livraison des résultats clés portés', 'section.team': 'Contribution aux résultats de l’équipe', 'section.weeks': 'Le cycle semaine par semaine',
  'section.feedback': 'Ce que disent pairs et collaborateurs', 'section.recognition': 'Reconnaissance', 'section.other': 'Autre',
  'guard.title': 'Garde-fous',
  'guard.coverage': 'Couverture des éléments',
  'guard.kind': 'Source', 'guard.available': 'Éléments', 'guard.cited': 'Cités', 'guard.excluded': 'Exclus',
  'guard.unused': 'Non utilisés : {kinds}',
  'guard.recency': 'Récence des éléments cités',
  'guard.spread': 'Les éléments cités couvrent tout le cycle.',
  'guard.bunched': 'La plupart des éléments cités datent des dernières semaines : regardez tout le cycle.',
  'guard.no-dated': 'Aucun élément daté cité.',
};

export default fr;
