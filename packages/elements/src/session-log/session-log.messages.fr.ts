import type { Messages } from '../i18n/catalogue.js';

/** The French messages of session-log (see session-log.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'export.ratings': 'Exporter les notes calibrées (CSV)',
  'impact.title': 'Modifications par {attribute} : contrôle des quatre cinquièmes (un garde-fou, pas un quota)',
  'impact.group': 'Groupe', 'impact.n': 'Personnes', 'impact.up': 'Relevés', 'impact.up-ratio': 'vs meilleur (hausse)',
  'impact.down': 'Abaissés', 'impact.down-ratio': 'vs meilleur (pas de baisse)', 'impact.flag': '⚠ sous 4/5',
  'impact.note': 'Chaque taux est comparé à celui du meilleur groupe ; sous 0,8, il est signalé pour un second regard. Rien n’est modifié.',
  'impact.none': 'Aucun groupe n’a au moins {k} personnes : rien à comparer.',
  'impact.suppressed': '{n} groupes plus petits non affichés (moins de {k} personnes, ou nécessaires pour en masquer un).',
  close: 'Clore la session', 'close.title': 'Clore cette session de calibrage ?',
  'close.message': 'Personne ne pourra plus y modifier une note, ici ou sur un autre ordinateur. Le journal et les modifications sont conservés.',
  'state.closed': 'Session close ({time}) : plus aucune modification possible',
  what: 'le journal de session',
  title: 'Changements de cette session',
  'list.label': 'Changements de la session, les plus récents d’abord',
  undo: 'Annuler le dernier changement', redo: 'Rétablir',
  'undo.entry': 'Annuler', 'undo.entry-aria': 'Annuler le changement {seq} : {text}',
  'entry.rating': '{person} : {dimension} {from} → {to}',
  'entry.discussed': '{person} marqué comme discuté',
  'entry.note': 'Note : {text}',
  'entry.note-person': 'Note sur {person} : {text}',
  'entry.undo': 'Changement {seq} annulé',
  'entry.meta': '{time} · {by}',
  'entry.undone': 'annulé',
  'entry.reason': 'Motif : {reason}',
  'flag.big-move': '⚠ {levels} niveaux', 'flag.no-reason': '✎ sans motif',
  empty: 'Aucun changement pour l’instant. Déplacez quelqu’un dans la grille ou le tableau.',
  'no-session': 'Aucune session ouverte.',
  'summary': '{changes} changements en vigueur · {undone} annulés · {discussed} discutés',
  'state.saving': 'Enregistrement…', 'state.saved': 'Tous les changements sont enregistrés', 'state.conflict': 'Un autre onglet a modifié cette session : rechargez pour voir ses changements', 'state.error': 'Non enregistré : échec du stockage', 'state.idle': '',
  someone: 'quelqu’un',
  'export.csv': 'Exporter les changements (CSV)', 'export.json': 'Exporter les changements (JSON)',
};

export default fr;
