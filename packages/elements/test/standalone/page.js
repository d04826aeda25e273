// Served beside plumb.js: waits for <plumb-data> to load the files, reads the
// database back through the element the way an embedder would, and reports on <body>.
import { queryRows } from './plumb.js';

const data = document.getElementById('org');
data.addEventListener('plumb-error', (e) => {
  document.body.dataset.error = e.detail.message;
});
data.addEventListener('plumb-load', async (e) => {
  try {
    const rows = await queryRows(
      data.source.connector,
      'SELECT p.name, t.name AS team FROM people p LEFT JOIN teams t USING (team_id) ORDER BY p.name',
    );
    const table = document.getElementById('people');
    table.rows = rows;
    await table.updateComplete;
    document.body.dataset.result = JSON.stringify({
      tables: e.detail.report.tables,
      rows,
      shown: table.shadowRoot.querySelectorAll('tbody tr').length,
    });
  } catch (error) {
    document.body.dataset.error = String(error);
  }
});
