import type { Messages } from '../i18n/catalogue.js';

/** The French messages of common (see common.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'state.no-source': 'Aucune source de données : placez cet élément dans <plumb-data>, désignez-en un avec source="id" ou définissez .connector.',
  'state.loading': 'Chargement…',
  'state.error': 'Impossible de dessiner {what} : {message}',
  'state.empty': 'Rien à afficher ici.',
  'state.no-match': 'Rien ne correspond à la sélection actuelle.',
  'state.updating': 'Mise à jour…',
  'privacy.suppressed': 'Masqué : moins de {k} personnes',
  'selection.filtered-by': 'Filtré par {what}',
  'selection.clear': 'Effacer la sélection',
  'export.csv': 'Télécharger le CSV',
  'export.svg': 'Télécharger le SVG',
  'export.png': 'Télécharger le PNG',
  'export.no-chart': '{element} n’a pas encore de dessin à exporter.',
  'export.no-rows': '{element} n’a pas encore de lignes à exporter.',
  'export.source': 'Source : Plumb, {date}',
  'export.filtered': 'Filtré par {filters}',
  'export.raw-column': '{label} (non arrondi)',
  'table.show': 'Tableau',
  'value.none': '—',
  'kind.team': 'équipe',
  'kind.department': 'département',
  'kind.level': 'niveau',
  'kind.rater': 'manager',
  'dimension.overall': 'note globale',
  'dimension.potential': 'potentiel',
  'kind.person': 'personne',
  'kind.objective': 'objectif',
  'kind.key_result': 'résultat clé',
  'people': (p, fmt) => `${fmt.integer(Number(p.n))} ${fmt.plural(Number(p.n)) === 'one' ? 'personne' : 'personnes'}`,
};

export default fr;
