// Every element of the installed package, from its custom-elements manifest,
// under one <plumb-data> fed by CSV files through <plumb-source> children.
import '@plumb/elements';
import manifest from '@plumb/elements/custom-elements.json';
import files from './org-files.json';

const tags = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName)
  .map((d) => d.tagName);
const NOT_VIEWS = new Set(['plumb-data', 'plumb-source', 'plumb-data-table', 'plumb-load-report', 'plumb-room', 'plumb-reason-dialog', 'plumb-session-log']);

const data = document.createElement('plumb-data');
data.id = 'org';
for (const file of files) {
  const source = document.createElement('plumb-source');
  source.src = `org/${file}`;
  data.append(source);
}
for (const tag of tags.filter((t) => !NOT_VIEWS.has(t))) {
  const view = document.createElement(tag);
  // The person review draws one person: the sample's first.
  if (tag === 'plumb-person-review') view.setAttribute('person', 'p0001');
  data.append(view);
}
const table = document.createElement('plumb-data-table');
table.caption = 'Rows per table';
table.columns = [
  { key: 'table', label: 'Table' },
  { key: 'rows', label: 'Rows', numeric: true },
];
data.addEventListener('plumb-load', (e) => {
  table.rows = Object.entries(e.detail.report.tables).map(([name, rows]) => ({ table: name, rows }));
});
data.append(table);
document.getElementById('app').append(data);

// Workday's reports as Excel workbooks, in a second <plumb-data>: read by a chunk loaded when a workbook comes.
const excel = document.createElement('plumb-data');
excel.id = 'excel';
excel.setAttribute('rating-points', '3');
excel.setAttribute('src', 'excel/Workers.xlsx excel/Calibration%20Results.xlsx');
const excelRows = document.createElement('plumb-data-table');
excelRows.caption = 'Rows per table (workbooks)';
excelRows.columns = table.columns;
excel.addEventListener('plumb-load', (e) => {
  excelRows.rows = Object.entries(e.detail.report.tables).filter(([, rows]) => rows > 0).map(([name, rows]) => ({ table: name, rows }));
});
excel.append(excelRows);
document.getElementById('app').append(excel);
window.__plumbTags = tags;

// A second copy of Plumb on the same page (the standalone build, as another
// widget on an intranet page would bring it): registering again must not throw.
import(/* @vite-ignore */ `${location.origin}/standalone/plumb.js`).then(
  () => (window.__secondCopy = 'loaded'),
  (error) => (window.__secondCopy = `failed: ${error.message}`),
);
