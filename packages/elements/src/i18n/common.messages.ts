import type { FamilyCatalogue } from './catalogue.js';

/**
 * Messages every view shares (states, export, selection). Keys are stable; views' own strings live
 * in `<family>.messages.ts` beside each element. Plurals: functions using `fmt.plural`.
 */
export const commonMessages: FamilyCatalogue = {
  en: {
    'state.no-source': 'No data source: place this inside <plumb-data>, point at one with source="id", or set .connector.',
    'state.loading': 'Loading…',
    'state.error': 'Could not draw {what}: {message}',
    'state.empty': 'Nothing to show here.',
    'state.no-match': 'Nothing matches the current selection.',
    'state.updating': 'Updating…',
    'privacy.suppressed': 'Hidden: fewer than {k} people',
    'selection.filtered-by': 'Filtered by {what}',
    'selection.clear': 'Clear selection',
    'export.csv': 'Download CSV',
    'export.svg': 'Download SVG',
    'export.png': 'Download PNG',
    'export.no-chart': '{element} has no drawing to export yet.',
    'export.no-rows': '{element} has no rows to export yet.',
    'export.source': 'Source: Plumb, {date}',
    'export.filtered': 'Filtered by {filters}',
    'export.raw-column': '{label} (unrounded)',
    'table.show': 'Table',
    'value.none': '—',
    'kind.team': 'team',
    'kind.department': 'department',
    'kind.level': 'level',
    'kind.rater': 'manager',
    'dimension.overall': 'overall performance',
    'dimension.potential': 'potential',
    'kind.person': 'person',
    'kind.objective': 'objective',
    'kind.key_result': 'key result',
    'people': (p, fmt) => `${fmt.integer(Number(p.n))} ${fmt.plural(Number(p.n)) === 'one' ? 'person' : 'people'}`,
  },
  de: () => import('./common.messages.de.js'),
  fr: () => import('./common.messages.fr.js'),
};
