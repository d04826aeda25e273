// Served beside plumb.js: opens the calibration session of cycle C1 once the data is loaded and
// exposes what the test drives (window.plumbSession) and reads (window.plumbRead).
const data = document.getElementById('org');
window.plumbChanges = [];
data.addEventListener('plumb-session-change', (e) => window.plumbChanges.push(e.detail));
data.addEventListener('plumb-error', (e) => {
  document.body.dataset.error = e.detail.message;
});
data.addEventListener('plumb-load', async () => {
  try {
    await data.session.open({ cycle: 'C1', facilitator: 'fac-1' });
    document.body.dataset.ready = 'yes';
  } catch (error) {
    document.body.dataset.error = String(error);
  }
});
window.plumbSession = data.session;
/** What the views show now: the distribution's calibrated counts and the nine-box's rows. */
window.plumbRead = async () => {
  const dist = document.getElementById('dist');
  const nine = document.getElementById('nine');
  await Promise.all([dist.settled(), nine.settled()]);
  const counts = Object.fromEntries(dist.exportRows().rows.map((r) => [r.rater_id, [r.v1, r.v2, r.v3, r.v4, r.v5]]));
  return {
    counts,
    nine: Object.fromEntries(nine.exportRows().rows.map((c) => [c.id, c.n])),
    names: Object.fromEntries(nine.exportRows().rows.map((c) => [c.id, c.people.map((p) => p.id)])),
    events: data.session.events.map((e) => [e.seq, e.kind, e.employee_id, e.to_rating, e.undoes_seq]),
    state: data.session.state,
  };
};
