import { invalidateDerived } from '../queries/derived.js';
import { tableToRows } from '../arrow-rows.js';
import type { Connector } from '../connector.js';
import { tableRowCounts } from '../database.js';
import type { Diagnostic } from '../diagnostics.js';
import { CANONICAL_TABLES, SCHEMA, isSessionTable, schemaDDL, type CanonicalTable } from '../schema.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { quoteIdentifier } from '../sql.js';
import { LoadContext } from './context.js';
import { convertFile, expectedColumnTypes, type TargetTable } from './convert.js';
import { CONFIDENCE_SCALES, REQUIRED_COLUMNS, TABLE_LAYOUTS, inferTable, mapColumns, matchHeader } from '../normalise/index.js';
import { formatFromBytes, formatFromName, knownSize, readSourceBytes } from './read.js';
import { WASM_MEMORY_LIMIT, checkMemory, isOutOfMemory, outOfMemory } from './memory.js';
import { addCandidates, candidate, createCandidateTables, settle } from './reconcile.js';
import { prestageParquet, readAhead, stageFile, unquote, type FileAhead } from './stage.js';
import type { FileReport, LoadOptions, LoadProgress, LoadReport, SourceFormat, SourceInput } from './types.js';
import { applyColumnMapping, attachDecisions, checkMapping, describeColumns, headersForInference } from './mapping.js';
import { decideValueKinds } from './value-kind.js';
import { answerCandidate, questionId } from './questions.js';
import { coded, english, parseStoredText, reason, say } from './text.js';
import { text } from '../text.js';
import { STAGE_COLUMN_ORDER, stageColumns } from './calibrated-columns.js';
import { ratingWordKey } from '../normalise/rating-words.js';
import { findRowKindColumn, rejectWorkItemRows, splitInterleaved, statusColumn } from './interleaved.js';
import { objectiveHintHeader, recordObjectiveHints } from './objective-hints.js';
import { secondHeaderRow } from './header-rows.js';
import { settleLinkTypes } from './link-type.js';
import { joinNameParts } from './name-parts.js';
import { chooseIdColumns, recordIdColumns, type IdColumns } from './id-columns.js';
import { declaredCycle, inferCycles, inferReviewCycles } from './cycle-inference.js';
import { mergeReports, splitFirstTables } from './phases.js';
import { planFiles, stepAgrees, tableFromHeaders } from './peek.js';
import { expandWorkbooks } from './workbooks.js';

export { loadMessagesEn } from './messages.en.js';
export { loadMessagesDe } from './messages.de.js';
export { loadMessagesFr } from './messages.fr.js';
export { LOAD_LANGUAGES, localiseLoadReport, textIn, type LoadLanguage } from './text.js';
export * from './types.js';
export type { ParquetWasmSource } from './stage.js';
// Reading real exports: the mapping vocabulary every front end (CLI, <plumb-data>) shares.
export * from './questions.js';
export { IGNORE, checkMapping, formatMappingList, formatMappingReport, mappingTargets, parseMappingList } from './mapping.js';
export { declaredCycle, parseFiscalYearStart, parsePeriodLabel } from './cycle-inference.js';
export { TEXT_ENCODINGS, textEncodingName } from '../normalise/encoding.js';

/** Row diagnostics kept per file, code and column (the rest are counted in one summary diagnostic). */
const DEFAULT_MAX_ROW_DIAGNOSTICS = 100;

/**
 * Load files into the canonical tables of `connector` and say exactly what
 * happened: every input row is loaded or listed as rejected, with
 * `input_rows = loaded_rows + rejected_rows` per file and overall.
 *
 * What rejects a row (error) and what only warns:
 * - A file that cannot be read (empty, binary, wrong encoding, bad JSON or
 *   Parquet), whose table cannot be told, or that lacks a required column:
 *   error, every row of it rejected.
 * - A row the CSV reader cannot read, a required value missing, a value that
 *   cannot be parsed or is out of range (confidence off its scale), a
 *   duplicate key (the first occurrence is kept), a reference to the row's
 *   owner that matches nothing (check-in → key result, key result →
 *   objective, rating → employee when people are loaded): error, row rejected.
 * - A hierarchy link that matches nothing or closes a cycle (parent
 *   objective, manager, parent team): error, the row loads and the link is
 *   removed, so every hierarchy in the database is a forest.
 * - Unmapped columns, an inferred confidence or percent scale, ambiguous
 *   dates, a value outside a closed vocabulary (left blank), target equal to
 *   start, conflicting repeats in a flat sheet, lookups (owner, rater) that
 *   match no person: warning, row loaded.
 */
export async function loadSources(connector: Connector, given: SourceInput[], options: LoadOptions = {}): Promise<LoadReport> {
  // Spreadsheets first: each sheet read becomes a CSV source (load/workbooks.ts); what was not read is said.
  const { sources, said, sheets } = await expandWorkbooks(given, options);
  const report = await loadExpanded(connector, sources, options);
  report.diagnostics.unshift(...said);
  for (const file of report.files) file.format = sheets.get(file.file) ?? file.format;
  return report;
}

async function loadExpanded(connector: Connector, sources: SourceInput[], options: LoadOptions): Promise<LoadReport> {
  const { onTablesReady, onProgress, ...rest } = options;
  const plans = onTablesReady ? await planFiles(sources, options) : null;
  const split = plans && splitFirstTables(sources, plans, options.firstTablesMinBytes);
  // A table told from a file's head is checked once the file is read (load/peek.ts); when it differs, the load starts
  // again in one pass from the empty database it started from.
  const told = sources.some((s) => !s.table);
  if (!onTablesReady || !split || (told && !(await isEmpty(connector)))) return loadFiles(connector, sources, options);
  const startOver = async () => {
    await connector.query(CANONICAL_TABLES.map((t) => `DROP TABLE IF EXISTS ${quoteIdentifier(t)}`).join(';\n'));
    return loadFiles(connector, sources, options);
  };
  // The calibration views' files first (load/phases.ts), then the rest into the same database, keeping what was
  // derived from the first: views drawn meanwhile stay. Memory is counted over both steps, as one load counts it.
  const bytesTotal = checkKnownSizes(sources, options.memoryLimit ?? WASM_MEMORY_LIMIT);
  const read: ReadFile[] = [];
  // Progress over every file: the second step's counts continue the first's; `done` only at the end.
  let done: LoadProgress = { phase: 'read', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: null, rowsDone: 0 };
  const tell = (offset: LoadProgress | null) => (p: LoadProgress) => {
    if (!offset) done = p;
    onProgress?.({
      ...p,
      ...(p.phase === 'done' && !offset ? { phase: 'settle' as const } : {}),
      filesDone: (offset?.filesDone ?? 0) + p.filesDone,
      filesTotal: sources.length,
      bytesDone: (offset?.bytesDone ?? 0) + p.bytesDone,
      bytesTotal,
      rowsDone: (offset?.rowsDone ?? 0) + p.rowsDone,
    });
  };
  // Review cycles no cycles row describes are inferred once every file is in, after the OKR cycles, as one pass does
  // (an OKR file may name the same cycle: it is then an OKR cycle). So the calibration tables are final after the first
  // step only when every rating's cycle is described: else its views wait for the end like the others.
  const firstReport = await loadFiles(connector, split.first, { ...rest, onProgress: tell(null) }, { read, reviewCyclesLater: true });
  if (!stepAgrees(firstReport.files, true)) return startOver();
  const firstRows = JSON.stringify(CALIBRATION_TABLES.map((t) => firstReport.tables[t]));
  const [undescribed] = tableToRows<{ n: number }>(await connector.query('SELECT count(*)::INTEGER AS n FROM ratings WHERE cycle_id IS NOT NULL AND cycle_id NOT IN (SELECT cycle_id FROM cycles WHERE cycle_id IS NOT NULL)'));
  if (!undescribed?.n) await onTablesReady(CALIBRATION_TABLES);
  const restReport = await loadFiles(connector, split.rest, { ...rest, onProgress: tell(done) }, { read, keepDerived: true, earlier: firstReport.files });
  if (!stepAgrees(restReport.files, false)) {
    // A file of the rest fed a calibration table after all: what was drawn from them is withdrawn first.
    if (!undescribed?.n) await onTablesReady([]);
    return startOver();
  }
  // What was derived meanwhile from the calibration tables alone stays (the views drawn from it need not build again);
  // the rest is forgotten. Unless the OKR files changed those tables after all (a cycle the cycles file lacks is added).
  const changed = JSON.stringify(CALIBRATION_TABLES.map((t) => restReport.tables[t])) !== firstRows;
  invalidateDerived(connector, changed ? undefined : new Set(CANONICAL_TABLES.filter((t) => !CALIBRATION_TABLES.includes(t))));
  return mergeReports(sources, split.first, firstReport, restReport);
}

/** Whether every canonical table is empty (or absent): a load that may start over must start from nothing. */
async function isEmpty(connector: Connector): Promise<boolean> {
  const [row] = tableToRows<{ empty: boolean }>(
    await connector.query(`${schemaDDL().join(';\n')};\nSELECT NOT (${CANONICAL_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${quoteIdentifier(t)})`).join(' OR ')}) AS empty`),
  );
  return row?.empty === true;
}

/**
 * Files whose sizes are known (dropped files, bytes) are refused before anything is read when they would not fit
 * `limit`; their total bytes, or null when a size is known only once read (a URL).
 */
function checkKnownSizes(sources: readonly SourceInput[], limit: number): number | null {
  const known = sources.map((s) => ({ name: s.name, size: knownSize(s.data), format: s.format ?? formatFromName(s.name) }));
  if (!known.every((k) => k.size !== null)) return null;
  checkMemory(known.map((k) => ({ ...k, size: k.size! })), limit);
  return known.reduce((a, k) => a + k.size!, 0);
}

/** A file read so far in a load (its memory check counts every file read before it, over both steps of a split load). */
type ReadFile = { name: string; size: number; format: SourceFormat | undefined };

async function loadFiles(
  connector: Connector,
  sources: SourceInput[],
  options: LoadOptions,
  /**
   * A step of a split load: the files read by the steps before (`read`: memory; `earlier`: their reports), whether what
   * was derived before stays (the tables it read do not change), and whether review cycles are inferred by a later step.
   */
  step: { read?: ReadFile[]; keepDerived?: boolean; earlier?: FileReport[]; reviewCyclesLater?: boolean } = {},
): Promise<LoadReport> {
  // Options are the caller's code, not data: a wrong one is a thrown error.
  if (options.confidenceScale !== undefined && !CONFIDENCE_SCALES.includes(options.confidenceScale)) {
    throw coded('error.option-scale', { value: options.confidenceScale, known: CONFIDENCE_SCALES.join(', ') });
  }
  if (options.dateOrder !== undefined && options.dateOrder !== 'dmy' && options.dateOrder !== 'mdy') {
    throw coded('error.option-date-order', { value: options.dateOrder as string });
  }
  checkMapping(options.mapping);
  declaredCycle(options);
  if (options.ratingPoints !== undefined && ![3, 4, 5].includes(options.ratingPoints)) {
    throw coded('error.option-rating-points', { value: String(options.ratingPoints) });
  }
  if (options.fiscalYearStart !== undefined && !(Number.isInteger(options.fiscalYearStart) && options.fiscalYearStart >= 1 && options.fiscalYearStart <= 12)) {
    throw coded('error.option-fiscal-year', { value: String(options.fiscalYearStart) });
  }
  const memoryLimit = options.memoryLimit ?? WASM_MEMORY_LIMIT;
  const bytesTotal = checkKnownSizes(sources, memoryLimit);
  const ctx = new LoadContext(connector, options.signal);
  // The canonical tables (createSchema's statements), sent with the load's first statement: one round trip fewer.
  ctx.defer(schemaDDL());
  if (!step.keepDerived) invalidateDerived(connector);
  ctx.answers = { ...options.answers };
  const progress: LoadProgress = {
    phase: 'read',
    filesDone: 0,
    filesTotal: sources.length,
    bytesDone: 0,
    bytesTotal,
    rowsDone: 0,
  };
  const tell = (change: Partial<LoadProgress>) => {
    Object.assign(progress, change);
    options.onProgress?.({ ...progress });
  };
  const read: ReadFile[] = step.read ?? [];
  let bytesBefore = 0;
  ctx.start();
  ctx.fileNames = sources.map((source) => source.name);
  const reports: FileReport[] = [];
  const placed = new Set<number>();
  const idColumns: IdColumns[] = [];
  const fed = new Set<CanonicalTable>();
  /** Files rejected whole: their rows are all rejected without row findings. */
  const wholeFileRejects = new Map<number, number>();
  /** Files read ahead of their turn (load/stage.ts readAhead), by file index. */
  const readingAhead = new Map<number, Promise<FileAhead> | null>();
  /** A file an open question shapes: its rows wait (counted as rejected under `question`). */
  const holdFile = (fileIndex: number, report: FileReport, rows: number) => {
    wholeFileRejects.set(fileIndex, rows);
    const asked = ctx.questions.filter((q) => q.file === report.file);
    ctx.fileDiagnostic({
      severity: 'error',
      code: 'question',
      ...say('diag.question', { rows, file: report.file, answers: asked.length, question: asked.length === 1 ? asked[0]!.askText : null, options: asked.map((q) => q.candidates.map((c) => c.option).join(' | ')).join('; ') }),
      file: report.file,
    });
  };
  /** The columns this file's mapping will read as numbers or dates (load/stage.ts "typed reading"), told from its headers exactly as the mapping below tells them. */
  const expectedTypes = (source: SourceInput) => (headers: string[]) => {
    const table = source.table ?? tableFromHeaders(headers, source.name, options);
    if (!table || table === 'flat-okr') return new Map();
    return expectedColumnTypes(table, headers, applyColumnMapping(mapColumns(headers, table), headers, table, options.mapping, source.name).mapping);
  };
  try {
    createCandidateTables(ctx);
    // Small Parquet files already in memory, once their sizes passed the memory check: staged before the first file's
    // turn and described together, two statements for all of them instead of two per file (load/stage.ts).
    const prestaged = bytesTotal !== null
      ? await prestageParquet(
          ctx,
          sources.flatMap((source, fileIndex) => {
            const bytes = source.data instanceof Uint8Array ? source.data : source.data instanceof ArrayBuffer ? new Uint8Array(source.data) : null;
            return bytes && (source.format ?? formatFromName(source.name) ?? formatFromBytes(bytes)) === 'parquet' ? [{ fileIndex, bytes, expectedTypes: expectedTypes(source) }] : [];
          }),
          options.parquetWasm,
        )
      : new Map();
    for (const [fileIndex, source] of sources.entries()) {
      ctx.checkAborted();
      const name = source.name;
      const report: FileReport = {
        file: name,
        table: source.table ?? null,
        format: source.format ?? 'csv',
        input_rows: 0,
        loaded_rows: 0,
        rejected_rows: 0,
        mapped_columns: {},
        unmapped_columns: [],
      };
      reports.push(report);
      let bytes: Uint8Array;
      let shared: boolean;
      tell({ phase: 'read', file: name });
      try {
        ({ bytes, shared } = await readSourceBytes(source.data, options.fetch, options.signal, {
          ...(options.fetchTimeout !== undefined ? { timeout: options.fetchTimeout } : {}),
          ...(options.onProgress ? { onBytes: (done: number) => tell({ bytesDone: bytesBefore + done }) } : {}),
        }));
      } catch (error) {
        ctx.checkAborted();
        ctx.fileDiagnostic({ severity: 'error', code: 'unreadable', ...say('diag.unreadable', { file: name, error: (error as Error).message }), file: name });
        continue;
      }
      bytesBefore += bytes.length;
      tell({ bytesDone: bytesBefore });
      // The next file, when it is already in memory, is read (JavaScript's part) while this one's SQL runs (load/stage.ts).
      const next = sources[fileIndex + 1];
      if (next && (next.data instanceof Uint8Array || next.data instanceof ArrayBuffer) && !prestaged.has(fileIndex + 1)) {
        const nextBytes = next.data instanceof Uint8Array ? next.data : new Uint8Array(next.data);
        readingAhead.set(fileIndex + 1, readAhead(nextBytes, next.format ?? formatFromName(next.name) ?? formatFromBytes(nextBytes), {
          ...(options.parquetWasm !== undefined ? { parquetWasm: options.parquetWasm } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
        }, options.signal));
      }
      read.push({ name, size: bytes.length, format: source.format ?? formatFromName(name) ?? formatFromBytes(bytes) });
      // URLs' sizes are known once fetched: refused before the file is staged.
      checkMemory(read, memoryLimit);
      const stageOptions = {
        fileIndex,
        name,
        shared,
        ...(source.format ? { format: source.format } : {}),
        ...(options.parquetWasm !== undefined ? { parquetWasm: options.parquetWasm } : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
      };
      // Typed reading (load/stage.ts): the columns this file's mapping will read as numbers or dates,
      // told from its headers exactly as the mapping below tells them.
      let staged = await stageFile(ctx, bytes, {
        ...stageOptions,
        // A file whose table is inferred may turn out to be objectives and key results in one sheet, read
        // again as text below: DuckDB-WASM must not take these bytes (it may transfer them to its worker).
        shared: shared || !source.table,
        ahead: readingAhead.get(fileIndex) ?? null,
        expectedTypes: expectedTypes(source),
        ...(prestaged.has(fileIndex) ? { prestaged: prestaged.get(fileIndex)! } : {}),
      });
      if (!staged) continue;
      // Two header rows (system keys, then labels): decided by structure, or asked (load/header-rows.ts).
      const labelled = await secondHeaderRow(ctx, fileIndex, name, staged);
      if (labelled === 'asked') {
        report.format = staged.format;
        report.input_rows = staged.inputRows;
        holdFile(fileIndex, report, staged.inputRows);
        await ctx.drop(...staged.workTables);
        continue;
      }
      if (labelled) staged = labelled;
      report.format = staged.format;
      report.input_rows = staged.inputRows;
      tell({ phase: 'check', rowsDone: progress.rowsDone + staged.inputRows });

      // One sheet of objectives and key results told apart by a row-kind column (load/interleaved.ts).
      if (!source.table) {
        const kindIndex = await findRowKindColumn(ctx, fileIndex, name, staged);
        if (kindIndex === 'asked') {
          holdFile(fileIndex, report, staged.inputRows);
          await ctx.drop(...staged.workTables);
          continue;
        }
        if (kindIndex !== null && staged.typed?.size) {
          // Objectives and key results in one sheet: their columns are mapped per row kind, so read as text.
          await ctx.drop(...staged.workTables);
          staged = await stageFile(ctx, bytes, stageOptions);
          if (!staged) continue;
        }
        if (kindIndex !== null) {
          report.table = 'flat-okr';
          const split = await splitInterleaved(ctx, fileIndex, name, staged, kindIndex);
          const parts = [
            { table: 'objectives' as const, staged: split.objectives, mapping: split.objectiveMapping },
            { table: 'key_results' as const, staged: split.keyResults, mapping: split.keyResultMapping },
          ];
          const columns = new Map<string, string[]>();
          for (const part of parts) {
            const mapped = applyColumnMapping(part.mapping, part.staged.headers, part.table, options.mapping, name);
            for (const [h, t] of Object.entries(mapped.mapping)) columns.set(h, [...(columns.get(h) ?? []), `${part.table === 'objectives' ? 'objective' : 'key_result'}.${t}`]);
            recordColumnMap(ctx, fileIndex, part.table, mapped.mapping);
            const typed = await convertFile(ctx, fileIndex, name, part.staged, part.table, mapped.mapping, REQUIRED_COLUMNS[part.table], options);
            if (!ctx.heldFiles.has(fileIndex)) await addCandidates(ctx, { fileIndex, table: part.table, select: typed.select, targets: typed.targets });
            await ctx.drop(...typed.workTables);
          }
          await ctx.drop(split.objectives.stage, split.keyResults.stage, ...staged.workTables);
          report.columns = staged.headers.map((input) =>
            input === split.kindHeader
              ? { input, target: null, how: 'inferred' as const, ...reason('reason.row-kind') }
              : columns.has(input)
                ? { input, target: columns.get(input)!.join(' + '), how: 'inferred' as const }
                : { input, target: null, ...reason('reason.no-okr-column') },
          );
          report.mapped_columns = Object.fromEntries([...columns].map(([h, t]) => [h, t.join(' + ')]));
          report.unmapped_columns = staged.headers.filter((h) => !columns.has(h) && h !== split.kindHeader);
          if (ctx.heldFiles.has(fileIndex)) {
            // A question about the second part: the first part's rows wait too.
            await ctx.run(parts.map((p) => `DELETE FROM ${candidate(ctx, p.table)} WHERE __file = ${fileIndex}`));
            holdFile(fileIndex, report, staged.inputRows);
            continue;
          }
          placed.add(fileIndex);
          fed.add('objectives').add('key_results');
          tell({ filesDone: fileIndex + 1 });
          continue;
        }
      }
      let table: TargetTable | null = source.table ?? null;
      if (!table) {
        const inferred = inferTable(headersForInference(staged.headers, options.mapping, name), name);
        table = inferred.table;
        const id = questionId('table', name);
        const answered = ctx.answer(id);
        if (answered && (TABLE_LAYOUTS as readonly string[]).includes(answered)) {
          table = answered as TargetTable;
          ctx.decide(name, { kind: 'table', value: table, declared: true, ...say('decision.table-answered', { file: name, table: text('table-name', { table }) }) });
        } else if (!table && inferred.tied.length > 1) {
          // Two layouts fit equally well: which table a file feeds changes every count, so it is asked.
          const rows = staged.inputRows;
          ctx.ask(fileIndex, {
            kind: 'table',
            file: name,
            ask: text('ask.table', { file: name, reason: inferred.reasonText }),
            tables: inferred.tied,
            candidates: inferred.tied.map((t) => answerCandidate(id, t, text('implies.table', { rows, table: t }), text('table-name', { table: t }))),
          });
          holdFile(fileIndex, report, staged.inputRows);
          await ctx.drop(...staged.workTables);
          continue;
        } else if (!table) {
          ctx.fileDiagnostic({
            severity: 'error',
            code: 'unknown-table',
            ...say('diag.unknown-table', { file: name, reason: inferred.reasonText, tables: CANONICAL_TABLES.join(', ') }),
            file: name,
          });
          wholeFileRejects.set(fileIndex, staged.inputRows);
          continue;
        } else {
          ctx.decide(name, { kind: 'table', value: table, declared: false, ...say('decision.table', { file: name, table: text('table-name', { table }), reason: inferred.reasonText }) });
        }
      }
      report.table = table;
      // The declared mapping (LoadOptions.mapping) wins over inference; load/mapping.ts.
      const mapped = applyColumnMapping(
        table === 'flat-okr' ? mapFlatSheet(staged.headers) : mapColumns(staged.headers, table),
        staged.headers,
        table,
        options.mapping,
        name,
      );
      // Status words as the only confidence signal of a check-ins or key-results file or a flat sheet (as in an
      // interleaved sheet): Perdoo documents a key result's status as "how confident the lead is".
      let statusHeader: string | undefined;
      const confidenceTarget = table === 'flat-okr' ? 'key_result.confidence' : 'confidence';
      if ((table === 'check_ins' || table === 'key_results' || table === 'flat-okr') && !Object.values(mapped.mapping).some((t) => /(^|\.)confidence$/.test(t))) {
        const candidates = staged.headers.filter((h) => !mapped.declared.has(h) && !mapped.ignored.has(h) &&
          (table === 'flat-okr' ? mapped.mapping[h] === 'check_in.status' : matchHeader(h, 'check_ins')?.column === 'status'));
        const status = await statusColumn(ctx, staged.stage, staged.headers, candidates);
        if (status) {
          mapped.mapping[status.header] = confidenceTarget;
          statusHeader = status.header;
          mapped.unmapped = mapped.unmapped.filter((h) => h !== status.header);
          ctx.decide(name, {
            kind: 'confidence-column',
            column: status.header,
            value: table === 'flat-okr' ? confidenceTarget : `${table}.confidence`,
            declared: false,
            ...say('decision.status-confidence', { column: status.header, values: status.values.map((v) => `"${v}"`).join(', ') }),
          });
        }
      }
      // No name column, but first and last names: joined (load/name-parts.ts).
      const nameParts = table === 'people' && !Object.values(mapped.mapping).includes('name') ? await joinNameParts(ctx, fileIndex, name, staged, mapped.unmapped) : null;
      if (nameParts) {
        staged = nameParts.staged;
        mapped.mapping[nameParts.header] = 'name';
        mapped.unmapped = mapped.unmapped.filter((h) => h !== nameParts.first && h !== nameParts.last);
      }
      // A flat sheet's result-kind column: rows typed as work items ("Initiative") are no key results (load/interleaved.ts).
      const resultKind = table === 'flat-okr' ? await rejectWorkItemRows(ctx, fileIndex, name, staged, mapped.unmapped) : null;
      if (resultKind !== null) mapped.unmapped = mapped.unmapped.filter((h) => h !== resultKind);
      report.columns = describeColumns(staged.headers, table, mapped);
      const kindReport = report.columns.find((c) => c.input === resultKind);
      if (kindReport) Object.assign(kindReport, { how: 'inferred' as const }, reason('reason.result-kind'));
      const statusReport = report.columns.find((c) => c.input === statusHeader);
      if (statusReport) statusReport.how = 'inferred';
      report.mapped_columns = mapped.mapping;
      report.unmapped_columns = mapped.unmapped;
      if (nameParts) {
        // The two columns are the name; the joined column is the loader's, not the file's.
        report.columns = report.columns.filter((c) => c.input !== nameParts.header);
        for (const c of report.columns) if (c.input === nameParts.first || c.input === nameParts.last) Object.assign(c, { target: 'name', how: 'inferred' as const, reason: undefined, reasonText: undefined });
        const { [nameParts.header]: _joined, ...fileColumns } = mapped.mapping;
        report.mapped_columns = { ...fileColumns, [nameParts.first]: 'name', [nameParts.last]: 'name' };
      }
      for (const column of mapped.unmapped) {
        ctx.fileDiagnostic({
          severity: 'warning',
          code: 'unmapped-column',
          ...say('diag.unmapped-column', { column, table: text('table-name', { table }) }),
          file: name,
          column,
        });
      }
      for (const column of mapped.duplicates) {
        ctx.fileDiagnostic({
          severity: 'warning',
          code: 'duplicate-column',
          ...say('diag.duplicate-column', { column }),
          file: name,
          column,
        });
      }
      if (mapped.missingRequired.length > 0) {
        for (const column of mapped.missingRequired) {
          ctx.fileDiagnostic({
            severity: 'error',
            code: 'missing-column',
            ...say('diag.missing-column', { column, table: text('table-name', { table }), rows: staged.inputRows }),
            file: name,
            column,
          });
        }
        wholeFileRejects.set(fileIndex, staged.inputRows);
        continue;
      }
      // A calibration session's tables are empty until a room holds one: nothing to warn about.
      if (staged.inputRows === 0 && !isSessionTable(table)) {
        ctx.fileDiagnostic({ severity: 'warning', code: 'empty-file', ...say('diag.empty-file-header', { file: name }), file: name });
      }
      recordColumnMap(ctx, fileIndex, table, mapped.mapping);
      // A check-in's objective column: kept to tell apart key results of one title (load/objective-hints.ts).
      const hint = table === 'check_ins' ? objectiveHintHeader(mapped.unmapped) : null;
      if (hint) {
        await recordObjectiveHints(ctx, fileIndex, staged, hint);
        const column = report.columns?.find((c) => c.input === hint);
        if (column) Object.assign(column, reason('reason.objective-hint'));
        const i = ctx.fileDiagnostics.findIndex((d) => d.code === 'unmapped-column' && d.file === name && d.column === hint);
        if (i >= 0) ctx.fileDiagnostics.splice(i, 1);
      }
      // Per row, a flat sheet needs its objective; a row without a key result is an objective-only row.
      const required = table === 'flat-okr' ? [REQUIRED_COLUMNS['flat-okr'][0]!] : REQUIRED_COLUMNS[table];
      const typed = await convertFile(ctx, fileIndex, name, staged, table, mapped.mapping, required, options);
      // A rating with no stage is no manager's, self or calibrated rating: which one is asked, never assumed.
      const ratingHeader = table === 'ratings' && !typed.targets.includes('stage') && stageColumns(typed.targets).length === 0
        ? Object.entries(mapped.mapping).find(([, t]) => t === 'rating')?.[0]
        : undefined;
      if (ratingHeader !== undefined) {
        ctx.ask(fileIndex, {
          kind: 'stage',
          file: name,
          column: ratingHeader,
          ask: text('ask.stage', { column: ratingHeader, file: name }),
          tables: ['ratings'],
          candidates: STAGE_COLUMN_ORDER.map((stage) => ({
            value: stage,
            label: text(`stage.${stage}`),
            implies: text(`implies.stage.${stage}`, { rows: staged.inputRows }),
            patch: { mapping: { [`${name.split(/[\\/]/).pop()}:${ratingHeader}`]: `ratings.rating@${stage}` } },
          })),
        });
      }
      if (ctx.heldFiles.has(fileIndex)) {
        // A question about this file is open: none of its rows is placed until it is answered.
        holdFile(fileIndex, report, staged.inputRows);
        await ctx.drop(...typed.workTables, ...staged.workTables);
        continue;
      }
      // Several id-like columns: which is the id is chosen once every file is placed (load/id-columns.ts).
      if (table === 'people') {
        const ids = await recordIdColumns(ctx, fileIndex, name, staged, mapped.mapping, mapped.declared);
        if (ids) idColumns.push(ids);
      }
      // A file of no rows places none: no statement to send.
      if (staged.inputRows > 0) await addCandidates(ctx, { fileIndex, table, select: typed.select, targets: typed.targets, ...(typed.own ? { own: typed.own } : {}) });
      await ctx.drop(...typed.workTables, ...staged.workTables);
      placed.add(fileIndex);
      tell({ filesDone: fileIndex + 1 });
      if (table === 'flat-okr') {
        fed.add('objectives').add('key_results');
        if (typed.targets.includes('check_in.checked_at')) fed.add('check_ins');
      }
      else fed.add(table);
    }
    tell({ phase: 'settle', filesDone: sources.length });
    delete progress.file;
    // Value, progress or percent, against each key result's own span (load/value-kind.ts).
    const valueDecisions = await decideValueKinds(ctx, sources.map((s) => s.name), options.mapping);
    const peopleFiles = reports.flatMap((r, i) => (r.table === 'people' && placed.has(i) ? [i] : []));
    const ids = await chooseIdColumns(ctx, idColumns, peopleFiles, (t) => candidate(ctx, t as CanonicalTable));
    for (const i of ids.asked) {
      await ctx.run([`DELETE FROM ${candidate(ctx, 'people')} WHERE __file = ${i}`]);
      placed.delete(i);
      holdFile(i, reports[i]!, reports[i]!.input_rows);
    }
    for (const [i, change] of ids.changed) switchIdColumn(ctx, i, reports[i]!, change);
    // Aligned objectives whose link type changes a parent's roll-up: decided by the layout, or asked (load/link-type.ts).
    for (const i of await settleLinkTypes(ctx, reports, placed)) {
      await ctx.run((['objectives', 'key_results', 'check_ins'] as const).map((t) => `DELETE FROM ${candidate(ctx, t)} WHERE __file = ${i}`));
      placed.delete(i);
      holdFile(i, reports[i]!, reports[i]!.input_rows);
    }
    const inserted = await settle(ctx, fed);
    // No cycles table: cycles from declared dates, period labels or check-in dates (load/cycle-inference.ts).
    const cycleFile = reports.find((r) => r.table === 'objectives' || r.table === 'flat-okr')?.file;
    // Through the load's connector: the schema's statements may still wait to be sent (a load whose every file failed
    // before any SQL, e.g. one unreadable file declared as ratings, ran none).
    const cycles = fed.has('objectives') || fed.has('check_ins') || fed.has('cycles') ? await inferCycles(ctx.connector, options, cycleFile) : { diagnostics: [], decisions: [] };
    cycles.diagnostics.forEach((d) => ctx.fileDiagnostic(d));
    // Review cycles after the OKR cycles, over every file of the load (a split load: in its second step, as one pass would).
    const allReports = [...(step.earlier ?? []), ...reports];
    const reviewCycles = !step.reviewCyclesLater && allReports.some((r) => r.table === 'ratings' || r.table === 'feedback')
      ? await inferReviewCycles(ctx.connector, options, (t) => (allReports.filter((r) => r.table === t).length === 1 ? allReports.find((r) => r.table === t)!.file : undefined))
      : { diagnostics: [], decisions: [] };
    reviewCycles.diagnostics.forEach((d) => ctx.fileDiagnostic(d));
    await checkRatingWords(ctx);
    const report = await buildReport(ctx, sources, reports, wholeFileRejects, placed, options);
    const made = [...ctx.decisions, ...valueDecisions, ...cycles.decisions, ...reviewCycles.decisions];
    attachDecisions(report, options, made);
    // A review cycle inferred here from an earlier step's ratings file: said on that file, as one pass says it.
    if (step.earlier) attachDecisions({ ...report, files: step.earlier }, {}, made);
    // Belt and braces: a row neither inserted nor listed as rejected would be a silent drop.
    for (const [i, file] of report.files.entries()) {
      if (!placed.has(i) || sources[i]!.table === 'flat-okr' || file.table === 'flat-okr') continue;
      const n = inserted.get(i) ?? 0;
      if (n !== file.loaded_rows) {
        report.diagnostics.push({
          severity: 'error',
          code: 'unreconciled-rows',
          ...say('diag.unreconciled-rows', { loaded: file.loaded_rows, inserted: n }),
          file: file.file,
        });
        report.ok = false;
      }
    }
    tell({ phase: 'done' });
    return report;
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    const setting = await connector
      .query("SELECT current_setting('memory_limit') AS m")
      .then((t) => String(t.getChild('m')?.get(0) ?? ''))
      .catch(() => null);
    throw outOfMemory(error, read, setting) ?? error;
  } finally {
    if (!step.keepDerived) invalidateDerived(connector);
    await ctx.cleanUp();
  }
}

/**
 * Ratings read from words before a rating scale file of the same load was read (or without one) must agree
 * with the scale's labels: a word the scale gives another number is an error naming both, never a silent
 * difference (load the scale file first).
 */
async function checkRatingWords(ctx: LoadContext): Promise<void> {
  if (ctx.ratingWords.length === 0) return;
  const labels = new Map(
    tableToRows<{ label: string; value: number }>(await ctx.connector.query('SELECT label, value FROM rating_scale WHERE label IS NOT NULL')).map((r) => [ratingWordKey(r.label), r.value]),
  );
  for (const read of ctx.ratingWords) {
    for (const [word, value] of read.values) {
      const scaled = labels.get(ratingWordKey(word));
      if (scaled === undefined || scaled === value) continue;
      ctx.fileDiagnostic({
        severity: 'error',
        code: 'rating-words-conflict',
        ...say('diag.rating-words-conflict', { word, column: read.column, value, scaled }),
        file: read.file,
        column: read.column,
      });
    }
  }
}

/** Check-in columns a flat sheet may carry: with a date, each row's snapshot is also a dated check-in. */
const FLAT_CHECK_IN_COLUMNS = new Set(['checked_at', 'note', 'status', 'author_id', 'planned_value']);

/**
 * A flat sheet's columns: objective and key-result columns as normalise maps
 * them, plus an "as of" date and a comment ("Last Updated", "Notes") as
 * `check_in.*`, so the snapshot on each row also becomes a check-in.
 */
function mapFlatSheet(headers: string[]): ReturnType<typeof mapColumns> {
  const mapped = mapColumns(headers, 'flat-okr');
  const unmapped: string[] = [];
  const taken = new Set<string>();
  // Check-in columns only beside an "as of" date: without one no check-in is made, and a
  // "Plan" column (Tability's plan name) is not a planned value.
  const dated = mapped.unmapped.some((h) => matchHeader(h, 'check_ins')?.column === 'checked_at');
  for (const header of mapped.unmapped) {
    const match = dated ? matchHeader(header, 'check_ins') : null;
    const target = match && FLAT_CHECK_IN_COLUMNS.has(match.column) ? `check_in.${match.column}` : null;
    if (target && !taken.has(target)) {
      taken.add(target);
      mapped.mapping[header] = target;
    } else unmapped.push(header);
  }
  return { ...mapped, unmapped };
}

/** The report of a people file whose id turned out to be another column than its name said (load/id-columns.ts). */
function switchIdColumn(ctx: LoadContext, fileIndex: number, report: FileReport, { from, to }: { from: string; to: string }): void {
  ctx.recordHeader(fileIndex, 'people', 'person_id', to, true);
  delete report.mapped_columns[from];
  report.mapped_columns[to] = 'person_id';
  report.unmapped_columns = [...report.unmapped_columns.filter((h) => h !== to), from];
  for (const column of report.columns ?? []) {
    if (column.input === to) Object.assign(column, { target: 'person_id', how: 'inferred' }, reason('reason.id-column'));
    else if (column.input === from) {
      delete column.how;
      Object.assign(column, { target: null }, reason('reason.not-the-id', { column: to }));
    }
  }
  const i = ctx.fileDiagnostics.findIndex((d) => d.file === report.file && d.column === to && (d.code === 'duplicate-column' || d.code === 'unmapped-column'));
  if (i >= 0) ctx.fileDiagnostics.splice(i, 1);
  ctx.fileDiagnostic({ severity: 'warning', code: 'unmapped-column', ...say('diag.not-the-id', { column: from, id: to }), file: report.file, column: from });
}

/** Which source header fills which canonical column, per file (for diagnostics' `column`). */
function recordColumnMap(ctx: LoadContext, fileIndex: number, table: TargetTable, mapping: Record<string, string>): void {
  for (const [header, target] of Object.entries(mapping)) {
    if (table !== 'flat-okr') {
      ctx.recordHeader(fileIndex, table, target, header);
      continue;
    }
    const [part, col] = target.split('.') as [string, string];
    const tbl = part === 'objective' ? 'objectives' : part === 'check_in' ? 'check_ins' : 'key_results';
    ctx.recordHeader(fileIndex, tbl, col, header);
    if (target === 'objective.title') ctx.recordHeader(fileIndex, tbl, 'objective_id', header);
    if (target === 'objective.title' || target === 'objective.objective_id') ctx.recordHeader(fileIndex, 'key_results', 'objective_id', header);
    if (target === 'key_result.title') ctx.recordHeader(fileIndex, tbl, 'key_result_id', header);
  }
}

interface FindingRow {
  file_index: number;
  row: number;
  severity: 'error' | 'warning';
  code: string;
  column: string | null;
  text: string | null;
  rn: number;
  total: number;
}

async function buildReport(
  ctx: LoadContext,
  sources: SourceInput[],
  reports: FileReport[],
  wholeFileRejects: Map<number, number>,
  placed: ReadonlySet<number>,
  options: LoadOptions,
): Promise<LoadReport> {
  const db = ctx.connector;
  const cap = options.maxRowDiagnostics ?? DEFAULT_MAX_ROW_DIAGNOSTICS;
  // No row findings (the usual clean load): nothing to count or list, two statements fewer.
  const rejected = !ctx.anyFindings ? [] : tableToRows<{ file_index: number; n: number }>(
    await db.query(`SELECT file_index, count(DISTINCT "row") AS n FROM ${ctx.findings} WHERE rejects GROUP BY file_index`),
  );
  const rejectedBy = new Map(rejected.map((r) => [r.file_index, r.n]));
  const diagnostics: Diagnostic[] = [...ctx.fileDiagnostics];
  const rows = !ctx.anyFindings ? [] : tableToRows<FindingRow>(
    await db.query(
      `SELECT * FROM (
         SELECT *, row_number() OVER (PARTITION BY file_index, code, "column" ORDER BY "row") AS rn,
                count(*) OVER (PARTITION BY file_index, code, "column") AS total
         FROM ${ctx.findings})
       WHERE rn <= ? OR rn = total ORDER BY file_index, "row", code`,
      [cap],
    ),
  );
  for (const r of rows) {
    const file = sources[r.file_index]?.name ?? '';
    r.column = ctx.headerOf(r.file_index, r.column);
    if (r.rn > cap) {
      diagnostics.push({
        severity: r.severity,
        code: r.code,
        ...say('diag.more-rows', { n: r.total - cap, file, column: r.column, cap }),
        file,
        ...(r.column ? { column: r.column } : {}),
      });
      continue;
    }
    const stored = parseStoredText(r.text);
    diagnostics.push({
      severity: r.severity,
      code: r.code,
      ...(stored ? { message: english(stored), text: stored } : { message: r.code }),
      file,
      row: r.row,
      ...(r.column ? { column: r.column } : {}),
    });
  }
  // Rows actually placed per file (a flat sheet's row is placed when not rejected).
  reports.forEach((report, i) => {
    const whole = wholeFileRejects.get(i);
    const unread = ctx.unreadRows.get(i) ?? 0;
    report.rejected_rows = whole ?? (placed.has(i) ? (rejectedBy.get(i) ?? 0) + unread : report.input_rows);
    report.loaded_rows = report.input_rows - report.rejected_rows;
  });
  const tables: Record<string, number> = await tableRowCounts(db);
  const sum = (k: 'input_rows' | 'loaded_rows' | 'rejected_rows') => reports.reduce((a, r) => a + r[k], 0);
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    input_rows: sum('input_rows'),
    loaded_rows: sum('loaded_rows'),
    rejected_rows: sum('rejected_rows'),
    tables,
    diagnostics,
    files: reports,
    questions: ctx.questions,
  };
}
