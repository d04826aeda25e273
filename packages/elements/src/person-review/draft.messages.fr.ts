import type { Messages } from '../i18n/catalogue.js';
import { has, one, pct, points, num, day } from './draft.message-helpers.js';

/** The default draft's sentences in French (see draft.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'draft.quoted': (p) => `« ${String(p.text ?? '').replace(/[«»“”]/g, '"').trim()} »`,
  'draft.owned': (p, fmt) =>
    `${one(fmt, p.n) ? 'Un résultat clé propre' : `${fmt.integer(Number(p.n))} résultats clés propres`} dans ce cycle${Number(p.reached) ? `, dont ${fmt.integer(Number(p.reached))} à la cible` : ''}.`,
  'draft.milestone-flat': (p, fmt) => `${p.link} de ${p.kr} a été livré le ${day(fmt, p.date)}, mais le résultat clé n’a pas bougé dans les deux semaines avant et après.`,
  'draft.milestone-moved': (p, fmt) => `${p.link} de ${p.kr} a été livré le ${day(fmt, p.date)}, et le résultat clé a bougé de ${points(fmt, p.change, 'points')} dans les deux semaines avant et après.`,
  'draft.sprint-moved': (p, fmt) => `Pendant ${p.link} (jusqu’au ${day(fmt, p.date)}), ${p.kr} a bougé de ${points(fmt, p.change, 'points')}.`,
  'draft.kr-moved': (p, fmt) =>
    `${p.title} est passé de ${num(fmt, p.start, p.unit)} à ${num(fmt, p.current, p.unit)} (${pct(fmt, p.progress, 'aucune part mesurée')} du chemin vers sa cible de ${num(fmt, p.target, p.unit)}).`,
  'draft.led': (p, fmt) =>
    `A porté l’objectif ${p.title} avec ${one(fmt, p.krs) ? 'un résultat clé' : `${fmt.integer(Number(p.krs))} résultats clés`} à ${pct(fmt, p.progress, 'aucune')} de progression calculée${has(p, 'stated') ? ` (l’export indique ${pct(fmt, p.stated, '—')})` : ''}.`,
  'draft.way.link': 'un sprint ou un jalon partagé',
  'draft.way.check-in': 'des points d’étape rédigés',
  'draft.way.tree': 'l’arbre des objectifs',
  'draft.team': (p, fmt) =>
    `A contribué à ${one(fmt, p.n) ? 'un résultat clé d’équipe' : `${fmt.integer(Number(p.n))} résultats clés d’équipe`} (contexte d’équipe, par ${p.ways}), comme ${p.titles}.`,
  'draft.checked-in': (p, fmt) => `Points d’étape pendant ${fmt.integer(Number(p.weeks))} semaines sur ${fmt.integer(Number(p.total))}, ${one(fmt, p.n) ? 'un point d’étape' : `${fmt.integer(Number(p.n))} points d’étape`} en tout.`,
  'draft.confidence': (p, fmt) => `La confiance dans ${p.title} est passée de ${fmt.number(Number(p.from), 2)} en semaine ${p.fromWeek} à ${fmt.number(Number(p.to), 2)} en semaine ${p.toWeek}.`,
  'draft.blocker': (p, fmt) =>
    `A signalé un blocage sur ${p.title} le ${day(fmt, p.raised)}${has(p, 'note') ? ` (${p.note})` : ''}${has(p, 'cleared') ? `, levé le ${day(fmt, p.cleared)}` : ', encore ouvert au dernier point d’étape'}.`,
  'draft.gap': (p, fmt) => `${p.kr} n’a eu aucun point d’étape pendant ${one(fmt, p.n) ? 'une semaine' : `${fmt.integer(Number(p.n))} semaines`} (${one(fmt, p.n) ? 'semaine' : 'semaines'} ${p.weeks}).`,
  'draft.by-others': (p, fmt) => `${one(fmt, p.n) ? 'Un point d’étape a été rédigé' : `${fmt.integer(Number(p.n))} points d’étape ont été rédigés`} par quelqu’un d’autre.`,
  'draft.from.peer': 'pairs',
  'draft.from.report': 'collaborateurs',
  'draft.feedback-withheld': 'Les retours des {who} viennent de moins de {k} personnes et ne sont pas résumés.',
  'draft.themes.peer': (p, fmt) => `${fmt.integer(Number(p.n))} pairs ont donné un retour ; les thèmes les plus fréquents étaient ${p.themes}.`,
  'draft.themes.report': (p, fmt) => `${fmt.integer(Number(p.n))} collaborateurs ont donné un retour ; les thèmes les plus fréquents étaient ${p.themes}.`,
  'draft.says.self': 'L’auto-évaluation dit {quote}.',
  'draft.says.manager': 'Le manager dit {quote}.',
  'draft.after.milestone': (p) => (p.milestone === null || p.milestone === undefined ? 'un jalon' : String(p.milestone)),
  'draft.after.target': 'l’atteinte de la cible',
  'draft.recognised': (p, fmt) =>
    `Reconnu ${has(p, 'date') ? `le ${day(fmt, p.date)}` : 'un jour non daté'} par ${has(p, 'by') ? p.by : 'un collègue'}${has(p, 'title') ? ` pour ${p.title}` : ''}${
      has(p, 'days') ? `, ${one(fmt, p.days) ? 'un jour' : `${fmt.integer(Number(p.days))} jours`} après ${p.after}` : ''
    } : ${p.message}.`,
};

export default fr;
