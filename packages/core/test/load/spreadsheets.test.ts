/**
 * Spreadsheets. Excel workbooks (.xlsx): the converter on cells written by hand as ECMA-376 spells them
 * (fixtures/exports/tools/make_xlsx_fixtures.py), the date systems against Python's datetime (the values below),
 * and the loader on what it cannot read. Workday's reports as workbooks written by openpyxl are held to Workday's
 * ground truth by the corpus tests (tools/workday-excel: packages/cli/test/load/vendor-corpus.test.ts and
 * packages/elements/test/vendor-corpus.browser.test.ts).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { excelDate, xlsxSheets } from '../../src/load/xlsx.js';
import { odsSheets } from '../../src/load/ods.js';
import { formatFromBytes } from '../../src/load/read.js';
import { loadSources, queryRows } from '../../src/index.js';
import { expectReconciled, fixture, sharedDb } from './helpers.js';
import { storedZip } from '../fixtures/stored-zip.js';

const shared = sharedDb();
afterAll(() => shared.db.close());
beforeEach(() => shared.reset());

/** The people and ratings now loaded, every column, are those Lattice's two CSV files load. */
async function expectLatticeCsvRows(): Promise<void> {
  const rows = () => Promise.all([queryRows(shared.db, 'SELECT * FROM people ORDER BY person_id'), queryRows(shared.db, 'SELECT * FROM ratings ORDER BY ALL')]);
  const fromSpreadsheet = await rows();
  await shared.reset();
  await loadSources(shared.db, ['people.csv', 'calibration.csv'].map((name) => ({ name, data: fixture(`exports/tools/lattice/${name}`) })));
  expect(fromSpreadsheet).toEqual(await rows());
}

describe('an Excel workbook read as CSV text', () => {
  it('gives each cell as Excel shows its value: strings, rich text, dates of the 1904 system, formulas, errors', async () => {
    const book = await xlsxSheets(fixture('exports/tools/xlsx-edge-cases.xlsx'));
    // The visible sheets with a value ("Empty" holds a styled cell only); the hidden "Notes" is named.
    expect(book.sheets.map((s) => s.name)).toEqual(['Check-ins']);
    expect(book.hidden).toEqual(['Notes']);
    const [sheet] = book.sheets;
    expect(sheet!.formulasWithoutValue).toBe(1);
    expect(sheet!.csv).toBe(
      [
        // Shared strings, a rich-text one ("ti" + "tle"), an inline string.
        'key_result_id,title,checked_at,value,confidence,done',
        // 45292 in the 1904 system: date(1904, 1, 1) + 45292 days = 2028-01-02 (Python). A percentage cell is its
        // fraction; the phonetic guide of 東京 is not its text.
        'KR-1,東京,2028-01-02,0.3,0.45,TRUE',
        // Two runs joined, _x000D_ a carriage return; a formula's saved value (entities decoded); a date-time; a
        // formula with no saved value is empty; an error is its text.
        '"Line one\r\nline two",X & Y,2028-01-02 12:00:00,,#N/A,FALSE',
        // Row 4 (styled, no value) and row 5 (not in the file) are blank lines: row 6 stays row 6.
        '',
        '',
        '," padded, ""quoted"" ",,1.0000000000000001E-2,,',
        'KR-<3>,,1904-01-01,-0,,',
        // An empty shared string does not swallow the next one; an ISO date cell is its date; a duration ("[h]:mm")
        // is not a date; an empty run adds nothing.
        ',KR-after-empty,2026-03-04,1.5,x,',
      ].join('\n') + '\n',
    );
  });

  it('counts dates as Excel does in both date systems, 29 February 1900 included', () => {
    // Python: date(1899, 12, 30) + timedelta(days) for the 1900 system from day 61 on, date(1904, 1, 1) for 1904.
    expect(excelDate(1, false)).toBe('1900-01-01');
    expect(excelDate(59, false)).toBe('1900-02-28');
    expect(excelDate(60, false)).toBe('1900-02-29');
    expect(excelDate(61, false)).toBe('1900-03-01');
    expect(excelDate(45292, false)).toBe('2024-01-01');
    expect(excelDate(46357.75, false)).toBe('2026-12-01 18:00:00');
    expect(excelDate(0, true)).toBe('1904-01-01');
    expect(excelDate(45292, true)).toBe('2028-01-02');
  });

  it('gives the page a turn while it reads a large sheet (no frozen page for a 200,000-row workbook)', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>p${i}</t></is></c><c r="B${i + 2}"><v>${i}</v></c></row>`);
    const book = storedZip([
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>person_id</t></is></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row>${rows.join('')}</sheetData></worksheet>` },
    ]);
    // When the event loop got a turn while the sheet was read (a timer firing as often as it may).
    const turns: number[] = [];
    const timer = setInterval(() => turns.push(performance.now()), 0);
    const started = performance.now();
    const { csv } = (await xlsxSheets(book)).sheets[0]!;
    const ended = performance.now();
    clearInterval(timer);
    expect(csv.split('\n')[200_000]).toBe('p199999,199999');
    const times = [started, ...turns.filter((t) => t < ended), ended];
    const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    // Read in one go, the longest wait is the whole read; here a fraction of it.
    expect(longest, `longest wait ${longest.toFixed(0)} of ${(ended - started).toFixed(0)} ms`).toBeLessThan((ended - started) / 2);
  });

  it('is told from its bytes, whatever its name', () => {
    expect(formatFromBytes(fixture('exports/tools/workday-excel/Workers.xlsx'))).toBe('xlsx');
    expect(formatFromBytes(fixture('exports/tools/workday/Workers.csv'))).toBeUndefined();
  });
});

describe('the loader on workbooks', () => {
  it('loads each sheet that is a table as its own file, and names the sheets it did not read', async () => {
    const report = await loadSources(shared.db, [{ name: 'Workers.xlsx', data: fixture('exports/tools/workday-excel/Workers.xlsx') }]);
    expectReconciled(report);
    // One sheet read: the file keeps the workbook's name.
    expect(report.files).toEqual([expect.objectContaining({ file: 'Workers.xlsx', format: 'xlsx', table: 'people', loaded_rows: 28, rejected_rows: 0 })]);
    expect(report.diagnostics.filter((d) => d.code === 'workbook-sheets').map((d) => d.message)).toEqual([
      'Workers.xlsx: its sheet “Report Parameters” was not read: Plumb knows no table with such columns (to load a sheet, save it as its own CSV file and declare its table: file.csv:table)',
      'Workers.xlsx: its sheet “Lookup” was not read: hidden in the workbook (show it, or save it as its own file, to load it)',
    ]);
    // Dates are dates (Hire Date, Excel's m/d/yyyy format), ids are the numbers' text.
    const [anna] = await queryRows<{ person_id: string; hire_date: string }>(shared.db, `SELECT person_id, CAST(hire_date AS VARCHAR) AS hire_date FROM people WHERE name = 'Anna Keller'`);
    expect(anna).toEqual({ person_id: '21001', hire_date: '2018-01-03' });
  });

  it('reads a workbook of several tables as one file per sheet (Lattice’s two exports in one workbook)', async () => {
    const report = await loadSources(shared.db, [{ name: 'Lattice export.xlsx', data: new Blob([fixture('exports/tools/lattice-excel/Lattice export.xlsx').slice()]) }]);
    expectReconciled(report);
    expect(report.files.map((f) => [f.file, f.format, f.table, f.loaded_rows])).toEqual([
      ['Lattice export.xlsx › People', 'xlsx', 'people', 10],
      ['Lattice export.xlsx › Calibration', 'xlsx', 'ratings', 8],
    ]);
    expect(report.diagnostics.find((d) => d.code === 'workbook-sheets')!.message).toMatch(/^Lattice export\.xlsx: its sheet “About” was not read: Plumb knows no table/);
    // The same rows as Lattice's CSV files (Windows-1252: names with accents), people and ratings alike.
    await expectLatticeCsvRows();
  });

  it('applies a mapping scoped to the workbook to each of its sheets', async () => {
    const data = fixture('exports/tools/lattice-excel/Lattice export.xlsx');
    await loadSources(shared.db, [{ name: 'Lattice export.xlsx', data }], { mapping: { 'Lattice export.xlsx:Department': 'ignore' } });
    const [row] = await queryRows<{ n: number; people: number }>(shared.db, 'SELECT count(department)::INTEGER AS n, count(*)::INTEGER AS people FROM people');
    expect(row).toEqual({ n: 0, people: 10 });
  });

  it('reads only the first sheet of a workbook declared to feed one table, and says so', async () => {
    const report = await loadSources(shared.db, [{ name: 'Lattice export.xlsx', data: fixture('exports/tools/lattice-excel/Lattice export.xlsx'), table: 'people' }]);
    expect(report.files.map((f) => [f.file, f.table, f.loaded_rows])).toEqual([['Lattice export.xlsx', 'people', 10]]);
    expect(report.diagnostics.find((d) => d.code === 'workbook-sheets')!.message).toBe(
      'Lattice export.xlsx: its sheets “Calibration” and “About” were not read: the workbook was declared to feed people, read from its first sheet (save other sheets as their own files to load them)',
    );
  });

  it('reports rows by their row number in the sheet, and formula cells with no saved value', async () => {
    const report = await loadSources(shared.db, [{ name: 'edge.xlsx', data: fixture('exports/tools/xlsx-edge-cases.xlsx'), table: 'check_ins' }]);
    expectReconciled(report);
    expect(report.files[0]).toMatchObject({ format: 'xlsx', input_rows: 5 });
    expect(report.diagnostics.find((d) => d.code === 'workbook-formulas')!.message).toBe(
      'edge.xlsx: a formula cell has no value saved in the workbook (it was written by a program that does not calculate): loaded empty; open and save it in Excel to keep the values',
    );
    // Rows 2, 3, 6, 7 and 8 of the sheet hold values (4 and 5 none): row 3's confidence is #N/A, row 6 has no key
    // result or date, row 8 no key result and a confidence of "x"; each finding names its row in the sheet.
    expect(report.files[0]).toMatchObject({ loaded_rows: 2, rejected_rows: 3 });
    const found = report.diagnostics.filter((d) => d.row !== undefined).map((d) => `${d.row} ${d.column} ${d.code}`).sort();
    expect(found).toEqual(['3 confidence unparseable', '6 checked_at missing-value', '6 key_result_id missing-value', '8 confidence unparseable', '8 key_result_id missing-value']);
  });

  it('says what to do with a file it cannot read as a workbook', async () => {
    const ole2 = new Uint8Array(4096);
    ole2.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const truncated = fixture('exports/tools/workday-excel/Workers.xlsx').slice(0, 2000);
    const report = await loadSources(shared.db, [
      { name: 'ratings.xls', data: ole2 },
      { name: 'people.xlsx', data: truncated },
      // Tools save CSV under Excel's names: read as what it is.
      { name: 'teams.xlsx', data: 'team_id,name\nt1,Platform\n' },
    ]);
    const said = (file: string) => report.diagnostics.filter((d) => d.file === file).map((d) => d.message);
    expect(said('ratings.xls')).toEqual([
      'ratings.xls could not be read as a spreadsheet: it is an old Excel 97–2003 (.xls) workbook or a password-protected one; save it as an Excel workbook (.xlsx) or as CSV UTF-8',
    ]);
    expect(said('people.xlsx')).toEqual(['people.xlsx could not be read as a spreadsheet: the file is damaged or not a complete .xlsx or .ods file']);
    expect(report.files.find((f) => f.file === 'teams.xlsx')).toMatchObject({ table: 'teams', loaded_rows: 1 });
  });
});

describe('an OpenDocument spreadsheet (.ods) read as CSV text', () => {
  const ods = (content: string) =>
    storedZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
      { name: 'content.xml', data: `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">${content}</office:document-content>` },
    ]);

  it('gives each cell its typed value as saved (ODF 1.2 part 1, §19.385–19.389), and keeps row numbers', async () => {
    // Cells as LibreOffice writes them: a value attribute beside the text the format shows.
    const cell = (attrs: string, shown: string) => `<table:table-cell ${attrs}><text:p>${shown}</text:p></table:table-cell>`;
    const book = await odsSheets(ods(`<office:body><office:spreadsheet><table:table table:name="Check-ins">
      <table:table-row>${['key_result_id', 'checked_at', 'value', 'confidence', 'note', 'done'].map((h) => cell('office:value-type="string"', h)).join('')}<table:table-cell table:number-columns-repeated="1018"/></table:table-row>
      <table:table-row>${cell('office:value-type="string"', 'KR-1')}${cell('office:value-type="date" office:date-value="2026-03-04"', '04.03.26')}${cell('office:value-type="currency" office:currency="EUR" office:value="1234.5"', '1.234,50 €')}${cell('office:value-type="percentage" office:value="0.45"', '45 %')}<table:table-cell office:value-type="string"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>two<text:s text:c="3"/>spaces<text:tab/>tab</text:p><text:p>line <text:span text:style-name="T1">two</text:span></text:p></table:table-cell>${cell('office:value-type="boolean" office:boolean-value="true"', 'WAHR')}</table:table-row>
      <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
      <table:table-row>${cell('office:value-type="string"', 'KR-&lt;2&gt;')}${cell('office:value-type="date" office:date-value="2026-03-11T14:30:00"', '11.03.26 14:30')}${cell('office:value-type="float" office:value="-0.5" table:formula="of:=[.C2]-1235"', '-0,5')}<table:covered-table-cell/>${cell('office:value-type="time" office:time-value="PT01H30M00S"', '01:30')}${cell('office:value-type="boolean" office:boolean-value="false"', 'FALSCH')}</table:table-row>
      <table:table-row table:number-rows-repeated="2">${cell('office:value-type="string"', 'KR-3')}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>
      <table:table-row table:number-rows-repeated="1048568"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
    </table:table></office:spreadsheet></office:body>`));
    expect(book.hidden).toEqual([]);
    expect(book.sheets.map((s) => s.name)).toEqual(['Check-ins']);
    expect(book.sheets[0]!.csv).toBe(
      [
        'key_result_id,checked_at,value,confidence,note,done',
        // The stored values (1234.5, 0.45), not the German display; the comment is no part of the note; paragraphs
        // are lines, text:s three spaces.
        'KR-1,2026-03-04,1234.5,0.45,"two   spaces\ttab\nline two",TRUE',
        // Rows 3 and 4 (one element repeated twice) hold nothing: blank lines.
        '',
        '',
        // A formula's saved value; a covered (merged-away) cell is empty; a time is kept as shown.
        'KR-<2>,2026-03-11 14:30:00,-0.5,,01:30,FALSE',
        // A repeated row and a repeated cell: each stands as many times as it says.
        'KR-3,7,7,,,',
        'KR-3,7,7,,,',
      ].join('\n') + '\n',
    );
  });

  it('reads a workbook saved as .ods (odfpy): each table sheet as its own file, hidden and note sheets named', async () => {
    const book = await odsSheets(fixture('exports/tools/lattice-ods/Lattice export.ods'));
    expect(book.sheets.map((s) => s.name)).toEqual(['People', 'Calibration', 'About']);
    expect(book.hidden).toEqual(['Lookup']);
    const report = await loadSources(shared.db, [{ name: 'Lattice export.ods', data: fixture('exports/tools/lattice-ods/Lattice export.ods') }]);
    expectReconciled(report);
    expect(report.files.map((f) => [f.file, f.format, f.table, f.loaded_rows])).toEqual([
      ['Lattice export.ods › People', 'ods', 'people', 10],
      ['Lattice export.ods › Calibration', 'ods', 'ratings', 8],
    ]);
    expect(report.diagnostics.filter((d) => d.code === 'workbook-sheets').map((d) => d.message)).toEqual([
      'Lattice export.ods: its sheet “About” was not read: Plumb knows no table with such columns (to load a sheet, save it as its own CSV file and declare its table: file.csv:table)',
      'Lattice export.ods: its sheet “Lookup” was not read: hidden in the workbook (show it, or save it as its own file, to load it)',
    ]);
    // The same rows as Lattice's CSV files.
    await expectLatticeCsvRows();
  });
});
