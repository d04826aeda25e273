import { PlumbError } from '@plumb/core/queries';
import { parseFiscalYearStart, parseMappingFile, parseMappingList, textEncodingName, type AnswerPatch, type LoadOptions, type MappingFile } from '@plumb/core/load';

/** The attributes of `<plumb-data>` a read of files takes (as the element holds them). */
export interface ReadingAttributes {
  cycleStart: string;
  cycleEnd: string;
  fiscalYearStart: string;
  ratingPoints: string;
  encoding: string;
  mapping: Record<string, string> | MappingFile | string;
}

/**
 * The reading options of the attributes (cycle, fiscal year, encoding, mapping); a malformed one
 * throws a PlumbError the load reports like any other.
 */
export function readingOptions(a: ReadingAttributes): LoadOptions {
  const options: LoadOptions = {};
  if (a.cycleStart) options.cycleStart = a.cycleStart;
  if (a.cycleEnd) options.cycleEnd = a.cycleEnd;
  if (a.fiscalYearStart) {
    const month = parseFiscalYearStart(a.fiscalYearStart);
    if (month === null) throw new PlumbError(`fiscal-year-start "${a.fiscalYearStart}" is not a month (1–12 or a name like april)`);
    options.fiscalYearStart = month;
  }
  if (a.ratingPoints) {
    const points = Number(a.ratingPoints);
    if (![3, 4, 5].includes(points)) throw new PlumbError(`rating-points "${a.ratingPoints}" is not 3, 4 or 5`);
    options.ratingPoints = points as 3 | 4 | 5;
  }
  if (a.encoding) {
    const encoding = textEncodingName(a.encoding);
    if (!encoding) throw new PlumbError(`encoding "${a.encoding}" is not one of utf-8, windows-1252, latin-1`);
    options.encoding = encoding;
  }
  const mapping = mappingKind(a.mapping) === 'list' ? (typeof a.mapping === 'string' ? parseMappingList(a.mapping) : (a.mapping as Record<string, string>)) : undefined;
  if (mapping && Object.keys(mapping).length) options.mapping = { ...mapping };
  return options;
}

/** Whether `mapping` is a column list, or a saved mapping file (a URL, its JSON text, or the object). */
function mappingKind(m: ReadingAttributes['mapping']): 'list' | 'file-url' | 'file-text' | 'file' {
  if (typeof m !== 'string') return (m as Partial<MappingFile>).plumb === 'mapping' ? 'file' : 'list';
  const text = m.trim();
  if (text.startsWith('{')) return 'file-text';
  return /\.json(?:[?#].*)?$/i.test(text) && !text.includes('=') ? 'file-url' : 'list';
}

/** The answers and settings of a saved mapping file given as `mapping` (none for a column list). */
export async function mappingFilePatch(mapping: ReadingAttributes['mapping'], signal: AbortSignal): Promise<AnswerPatch> {
  switch (mappingKind(mapping)) {
    case 'file':
      return parseMappingFile(JSON.stringify(mapping), 'mapping');
    case 'file-text':
      return parseMappingFile(mapping as string, 'mapping');
    case 'file-url': {
      // Only the URL the embedder gave, like `src`.
      const url = new URL((mapping as string).trim(), document.baseURI);
      const response = await fetch(url, { signal });
      if (!response.ok) throw new PlumbError(`mapping file ${url.pathname.split('/').pop() ?? ''} could not be read (HTTP ${response.status})`);
      return parseMappingFile(await response.text(), url.pathname.split('/').pop() ?? 'mapping file');
    }
    default:
      return {};
  }
}

