// Apart from the session's store, so a page's coordinator knows which answers a session change makes stale without
// downloading the store (it loads with the session's workings).

/** The named queries that read the calibrated stage: a session change re-runs these and no other. */
export const SESSION_QUERIES: readonly string[] = ['calibration-report', 'nine-box', 'person-evidence', 'calibration-table', 'calibration-log'];
