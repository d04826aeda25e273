import type { FamilyCatalogue } from '../i18n/catalogue.js';
import { plural } from './cascade-tree.message-helpers.js';

/**
 * The words of `<plumb-cascade-tree>`'s details panel (family "cascade-details": why a node's number and status are
 * what they are, its recognitions), loaded with the panel when a reader first selects a node.
 */
export const cascadeDetailsMessages: FamilyCatalogue = {
  en: {
    'recognitions.title': 'Recognitions',
    'recognitions.item': '{person}, {date}',
    'recognitions.by': 'from {giver}',
    'recognitions.more': plural('{n} more', '{n} more'),
    'recognitions.suppressed': 'Fewer than {k} people recognised: not listed.',
    'recognitions.none': 'No recognitions yet.',
    'details.aria': 'Why this number',
    'details.part': '{title}{via}: {progress}, weight {weight}',
    'details.via': ' (via {title})',
    'details.adds': ', adds {value}',
    'details.not-counted': ' — not counted ({reason})',
    'details.more': plural('{n} more not listed.', '{n} more not listed.'),
    'details.suppressed': 'Hidden: the team has fewer than {k} people, so its numbers are not shown.',
    'reason.no data': 'no data',
    'reason.supports only': 'supports only',
    'reason.zero weight': 'zero weight',
    'method.kr.none': 'No check-in and no value in the export: no data (not 0 %).',
    'method.kr.computed': '(current − start) / (target − start) = ({current} − {start}) / ({target} − {start}), clamped to 0–100 %, = {progress}; current value from {from}.',
    'method.kr.stated': 'The progress stated by {from} ({progress}); no start/target/current value to compute one.',
    'method.kr.undefined': 'Start, target or current value missing (or target equals start), so progress is undefined; from {from}.',
    'from.check-in': 'the check-in of {date}',
    'from.snapshot': 'the snapshot in the export',
    'method.stated': ' The export states {value}.',
    'method.objective': 'Weighted mean of {what}: Σ(weight × progress) / Σ weight over the {n} with data = {progress}.',
    'method.objective.none': 'Roll-up of {what}: none has data, so no data (not 0 %).',
    'what.krs': 'its key results',
    'what.children': 'its contributing child objectives',
    'what.both': 'its key results and contributing child objectives together',
    'method.fallback': ' (Roll-up mode "{mode}" asked for {asked}, and it has none.)',
    'asked.krs': 'key results',
    'asked.children': 'child objectives',
    'method.not-counted': ' {n} not counted (see each reason).',
    'method.group': plural('{n} objective with no parent that is not a company objective: work not connected to any company goal.', '{n} objectives with no parent that are not company objectives: work not connected to any company goal.'),
    'status-reason.group': 'A group, not an objective: it has no status of its own.',
    'status-reason.no-data': '{label}: neither progress nor confidence has been reported.',
    'status-reason.done': '{label}: progress reached 100 %.',
    'status-reason.time': 'progress {progress} against {elapsed} of the cycle elapsed',
    'status-reason.no-time': 'progress {progress} (cycle dates unknown, so not compared with time)',
    'status-reason.confidence': 'confidence {value}',
    'status-reason.rule': '{label}: {bits}. At risk when behind by more than {gap1} or confidence is below {conf1}; off track beyond {gap2} or below {conf2}.',
  },
  de: () => import('./cascade-details.messages.de.js'),
  fr: () => import('./cascade-details.messages.fr.js'),
};
