import { describe, expect, it } from 'vitest';
import { csvCell, exportFileName, toCSV } from '../src/shared/csv.js';

describe('CSV export', () => {
  it('makes text that a spreadsheet would run as a formula show as text', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('Ada = lead')).toBe('Ada = lead');
  });

  it('keeps numbers numeric (a negative number is not a formula) and empties null', () => {
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180, CRLF rows)', () => {
    const csv = toCSV(
      [
        { key: 'name', label: 'Name' },
        { key: 'rating', label: 'Rating, final' },
      ],
      [
        { name: 'Lin, Jr.', rating: 4 },
        { name: 'Say "hi"\nthere', rating: -1 },
        { name: ' padded', rating: null },
      ],
    );
    expect(csv).toBe('Name,"Rating, final"\r\n"Lin, Jr.",4\r\n"Say ""hi""\nthere",-1\r\n" padded",\r\n');
  });

  it('names files after the chart, safely', () => {
    expect(exportFileName('Rating distribution — Q3 / Sales', 'png')).toBe('rating-distribution-q3-sales.png');
    expect(exportFileName('../../etc', 'csv')).toBe('etc.csv');
    expect(exportFileName('', 'svg')).toBe('plumb-chart.svg');
  });
});
