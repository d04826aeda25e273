// Served beside plumb.js: fills <plumb-data>, then reads the database back
// through the element the way an embedder would, and reports on <body>.
import { queryRows } from './plumb.js';

const data = document.getElementById('org');
data.addEventListener('plumb-error', (e) => {
  document.body.dataset.error = e.detail.message;
});
data.addEventListener('plumb-load', async (e) => {
  try {
    const rows = await queryRows(data.source.connector, 'SELECT name, team_id FROM people ORDER BY name');
    const table = document.getElementById('people');
    table.rows = rows;
    await table.updateComplete;
    document.body.dataset.result = JSON.stringify({
      tables: e.detail.report.tables,
      shown: table.shadowRoot.querySelectorAll('tbody tr').length,
    });
  } catch (error) {
    document.body.dataset.error = String(error);
  }
});
data.tables = {
  people: [
    { person_id: 'p1', name: 'Ada', team_id: 't1' },
    { person_id: 'p2', name: 'Grace', team_id: 't1' },
    { person_id: 'p3', name: 'Lin', team_id: 't2' },
  ],
};
