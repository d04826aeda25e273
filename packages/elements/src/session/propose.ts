import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import { reasonRequired, type ReasonPolicy } from '@plumb/core/queries';
import { levelsMoved } from './moves.js';
import type { PlumbSessionController } from '../data/session.js';

/** A rating change a session view proposes (a drop in the nine-box, a key in the table). */
export interface ProposedChange {
  /** The id the view holds (a pseudonym code under anonymize: the session resolves it). */
  employee_id: string;
  /** What the room sees for the person (name or pseudonym). */
  label: string;
  dimension: string;
  /** The dimension as the room reads it (the catalogue's words: "Gesamtleistung", not "overall"). */
  dimensionLabel: string;
  /** The rating in force (calibrated, else the manager's): the session's reason rule measures from it. */
  from: number | null;
  to: number;
  scale: readonly number[];
  policy: ReasonPolicy;
  /** Ask for a reason even when not required (the reason key). */
  askAlways?: boolean;
  initialReason?: string;
}

export type ProposalOutcome = { status: 'saved' | 'cancelled' | 'unchanged' | 'read-only' } | { status: 'failed'; error: Error };

/**
 * Ask for a reason when the move needs one (or always, when asked), then record the change through
 * the session. The dialog's text is the reason as typed; labels passed in are what the room sees.
 */
export async function proposeChange(
  session: PlumbSessionController | null,
  /** The view's reason dialog, fetched only when a reason is asked for (its code loads on first use). */
  reasonDialog: () => Promise<PlumbReasonDialog | null>,
  change: ProposedChange,
  format: (v: number | null) => string,
): Promise<ProposalOutcome> {
  if (!session) return { status: 'read-only' };
  if (change.to === change.from && !change.askAlways) return { status: 'unchanged' };
  const required = reasonRequired(change.policy, change.from, change.to);
  let reason: string | undefined;
  const dialog = required || change.askAlways ? await reasonDialog() : null;
  if (dialog) {
    const answer = await dialog.ask({
      person: change.label,
      dimension: change.dimensionLabel,
      from: format(change.from),
      to: format(change.to),
      levels: levelsMoved(change.from, change.to, change.scale),
      required,
      ...(change.initialReason ? { initial: change.initialReason } : {}),
    });
    if (answer === null) return { status: 'cancelled' };
    reason = answer || undefined;
  } else if (required) {
    return { status: 'cancelled' };
  }
  try {
    await session.changeRating({ employee_id: change.employee_id, dimension: change.dimension, to_rating: change.to, from_rating: change.from, ...(reason ? { reason } : {}) });
    return { status: 'saved' };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
  }
}
