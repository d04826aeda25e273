import type { Messages } from '../i18n/catalogue.js';

/** The French messages of calibration-table (see calibration-table.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  what: 'le tableau de calibrage',
  'grid.label': 'Tableau de calibrage : {n} personnes, {dimension}',
  'col.name': 'Personne', 'col.team_id': 'Équipe', 'col.manager_name': 'Manager', 'col.manager_rating': 'Note du manager',
  'col.calibrated_rating': 'Calibrée', 'col.change': 'Alertes', 'col.last_reason': 'Motif', 'col.discussed': 'Discuté',
  'col.previous_rating': 'Cycle précédent',
  'sort.ascending': 'tri croissant', 'sort.descending': 'tri décroissant',
  'sort.by': 'Trier par {column}',
  'filter.label': 'Chercher une personne, une équipe ou un manager',
  'show.label': 'Afficher',
  'show.all': 'Tout le monde', 'show.changed': 'Modifiés', 'show.not-discussed': 'Pas encore discutés', 'show.flagged': 'Signalés',
  'summary': '{n} personnes · {changed} modifiées · {discussed} discutées',
  'summary.flags': '{big} déplacées de deux niveaux ou plus · {noReason} sans motif',
  'summary.shown': '{shown} sur {n} affichées.',
  'keys': 'Les flèches passent d’une cellule à l’autre. + ou − change la note calibrée, un chiffre la fixe, D marque comme discuté, R ajoute un motif. Ctrl+Z annule, Ctrl+Y rétablit.',
  'rating.changed': '{to} (avant {from})',
  'rating.same': '{to}',
  'discussed.yes': '✓ Discuté', 'discussed.no': 'Pas encore',
  'flag.big-move': '⚠ {levels} niveaux', 'flag.no-reason': '✎ sans motif',
  'none': '—',
  'announce.changed': '{person} : {dimension} de {from} à {to}.',
  'announce.discussed': '{person} marqué comme discuté.',
  'announce.read-only': 'Aucune session ouverte : les notes ne peuvent pas être modifiées ici.',
  'announce.failed': 'Le changement n’a pas été enregistré : {message}',
  'announce.undone': 'Annulé.', 'announce.redone': 'Rétabli.',
  'empty.none': 'Personne dans le périmètre n’a de note « {dimension} ».',
  'empty.filtered': 'Personne ne correspond à ce filtre.',
  'export.csv': 'Exporter les changements (CSV)', 'export.json': 'Exporter les changements (JSON)',
};

export default fr;
