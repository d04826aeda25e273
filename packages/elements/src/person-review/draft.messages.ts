import { draftMessagesEn } from '@plumb/core/queries';
import type { FamilyCatalogue, Messages, MessageParams } from '../i18n/catalogue.js';
import type { Formatter } from '../i18n/format.js';

const has = (p: MessageParams, k: string) => p[k] !== null && p[k] !== undefined && p[k] !== '';
const one = (fmt: Formatter, n: unknown) => fmt.plural(Number(n)) === 'one';
const pct = (fmt: Formatter, v: unknown, none: string) => (v === null || v === undefined ? none : fmt.percent(Number(v)));
const points = (fmt: Formatter, v: unknown, unit: string) => `${Number(v) >= 0 ? '+' : '−'}${fmt.integer(Math.abs(Math.round(Number(v) * 100)))} ${unit}`;
const num = (fmt: Formatter, v: unknown, u: unknown) =>
  v === null || v === undefined ? '—' : u === '%' ? fmt.percent(Number(v) / 100, 2) : `${fmt.number(Number(v), 2)}${u && u !== 'count' && u !== 'score' ? ` ${u}` : ''}`;
const day = (fmt: Formatter, iso: unknown) => fmt.date(String(iso), 'medium');

const de: Messages = {
  'draft.quoted': (p) => `„${String(p.text ?? '').replace(/[„“”]/g, '"').trim()}“`,
  'draft.owned': (p, fmt) =>
    `${one(fmt, p.n) ? 'Ein eigenes Schlüsselergebnis' : `${fmt.integer(Number(p.n))} eigene Schlüsselergebnisse`} in diesem Zyklus${Number(p.reached) ? `, davon ${fmt.integer(Number(p.reached))} am Ziel` : ''}.`,
  'draft.milestone-flat': (p, fmt) => `${p.link} von ${p.kr} wurde am ${day(fmt, p.date)} geliefert, doch das Schlüsselergebnis bewegte sich in den zwei Wochen davor und danach nicht.`,
  'draft.milestone-moved': (p, fmt) => `${p.link} von ${p.kr} wurde am ${day(fmt, p.date)} geliefert, und das Schlüsselergebnis bewegte sich in den zwei Wochen davor und danach um ${points(fmt, p.change, 'Prozentpunkte')}.`,
  'draft.sprint-moved': (p, fmt) => `Während ${p.link} (bis ${day(fmt, p.date)}) bewegte sich ${p.kr} um ${points(fmt, p.change, 'Prozentpunkte')}.`,
  'draft.kr-moved': (p, fmt) =>
    `${p.title} ging von ${num(fmt, p.start, p.unit)} auf ${num(fmt, p.current, p.unit)} (${pct(fmt, p.progress, 'kein gemessener Anteil')} des Wegs zum Ziel von ${num(fmt, p.target, p.unit)}).`,
  'draft.led': (p, fmt) =>
    `Leitete das Ziel ${p.title} mit ${one(fmt, p.krs) ? 'einem Schlüsselergebnis' : `${fmt.integer(Number(p.krs))} Schlüsselergebnissen`} bei ${pct(fmt, p.progress, 'keinem gemessenen')} berechnetem Fortschritt${has(p, 'stated') ? ` (der Export nennt ${pct(fmt, p.stated, '—')})` : ''}.`,
  'draft.way.link': 'einen gemeinsamen Sprint oder Meilenstein',
  'draft.way.check-in': 'eigene Check-ins',
  'draft.way.tree': 'den Zielbaum',
  'draft.team': (p, fmt) =>
    `Trug zu ${one(fmt, p.n) ? 'einem Team-Schlüsselergebnis' : `${fmt.integer(Number(p.n))} Team-Schlüsselergebnissen`} bei (Teamkontext, über ${p.ways}), etwa ${p.titles}.`,
  'draft.checked-in': (p, fmt) => `Check-ins in ${fmt.integer(Number(p.weeks))} von ${fmt.integer(Number(p.total))} Wochen, insgesamt ${one(fmt, p.n) ? 'ein Check-in' : `${fmt.integer(Number(p.n))} Check-ins`}.`,
  'draft.confidence': (p, fmt) => `Die Zuversicht für ${p.title} ging von ${fmt.number(Number(p.from), 2)} in Woche ${p.fromWeek} auf ${fmt.number(Number(p.to), 2)} in Woche ${p.toWeek}.`,
  'draft.blocker': (p, fmt) =>
    `Meldete am ${day(fmt, p.raised)} ein Hindernis bei ${p.title}${has(p, 'note') ? ` (${p.note})` : ''}${has(p, 'cleared') ? `, behoben am ${day(fmt, p.cleared)}` : ', beim letzten Check-in noch offen'}.`,
  'draft.gap': (p, fmt) => `${p.kr} hatte in ${one(fmt, p.n) ? 'einer Woche' : `${fmt.integer(Number(p.n))} Wochen`} kein Check-in (${one(fmt, p.n) ? 'Woche' : 'Wochen'} ${p.weeks}).`,
  'draft.by-others': (p, fmt) => `${one(fmt, p.n) ? 'Ein Check-in wurde' : `${fmt.integer(Number(p.n))} Check-ins wurden`} von jemand anderem geschrieben.`,
  'draft.from.peer': 'Kolleginnen und Kollegen',
  'draft.from.report': 'Mitarbeitenden',
  'draft.feedback-withheld': 'Feedback von {who} kam von weniger als {k} Personen und wird nicht zusammengefasst.',
  'draft.themes.peer': (p, fmt) => `${fmt.integer(Number(p.n))} Kolleginnen und Kollegen gaben Feedback; am häufigsten kamen ${p.themes} zur Sprache.`,
  'draft.themes.report': (p, fmt) => `${fmt.integer(Number(p.n))} Mitarbeitende gaben Feedback; am häufigsten kamen ${p.themes} zur Sprache.`,
  'draft.says.self': 'Die Selbsteinschätzung sagt {quote}.',
  'draft.says.manager': 'Die Führungskraft sagt {quote}.',
  'draft.after.milestone': (p) => (p.milestone === null || p.milestone === undefined ? 'einem Meilenstein' : String(p.milestone)),
  'draft.after.target': 'dem Erreichen des Ziels',
  'draft.recognised': (p, fmt) =>
    `Anerkannt ${has(p, 'date') ? `am ${day(fmt, p.date)}` : 'an einem undatierten Tag'} von ${has(p, 'by') ? p.by : 'einer Kollegin oder einem Kollegen'}${has(p, 'title') ? ` für ${p.title}` : ''}${
      has(p, 'days') ? `, ${one(fmt, p.days) ? 'einen Tag' : `${fmt.integer(Number(p.days))} Tage`} nach ${p.after}` : ''
    }: ${p.message}.`,
};

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

/** The default draft's sentences in the page's language (English: core's one catalogue). */
export const draftMessages: FamilyCatalogue = { en: draftMessagesEn as Messages, de, fr };
