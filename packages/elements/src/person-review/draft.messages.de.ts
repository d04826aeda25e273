import type { Messages } from '../i18n/catalogue.js';
import { has, one, pct, points, num, day } from './draft.message-helpers.js';

/** The default draft's sentences in German (see draft.messages.ts), loaded when a page's language needs them. */
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

export default de;
