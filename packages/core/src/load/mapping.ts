/**
 * An explicit column mapping (`LoadOptions.mapping`, `plumb … --map "Key Result=key_result_id"`,
 * `<plumb-data mapping="…">`) over the inferred one, and the mapping report a person reads:
 * every input column, what it became and why, and what was inferred for the file.
 */
import type { Diagnostic } from '../diagnostics.js';
import { FLAT_OKR_ALIASES, matchHeader, normaliseHeader, REQUIRED_COLUMNS, type ColumnMapping, type TableLayout } from '../normalise/index.js';
import { SCHEMA, type CanonicalTable } from '../schema.js';
import type { ColumnReport, FileReport, LoadDecision, LoadOptions, LoadReport } from './types.js';
import { targetSpec } from './convert.js';
import { CALIBRATED_ALIASES, calibratedSpec, stageTarget } from './calibrated-columns.js';
import { mappingForFile } from './mapping-scope.js';
import { text } from '../text.js';
import { coded, reason, say } from './text.js';

/** The target that leaves a column out. */
export const IGNORE = 'ignore';

/**
 * Parse `Header=target` pairs (the CLI's repeatable `--map`, the `mapping`
 * attribute's `;`- or newline-separated list). The header may contain `=`;
 * the last `=` splits. Throws a `PlumbError` naming the bad entry.
 */
export function parseMappingList(entries: readonly string[] | string): Record<string, string> {
  const list = typeof entries === 'string' ? entries.split(/[;\n]/) : entries;
  const mapping: Record<string, string> = {};
  for (const raw of list) {
    const entry = raw.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf('=');
    const header = entry.slice(0, at).trim();
    const target = entry.slice(at + 1).trim();
    if (at <= 0 || !header || !target) throw coded('error.mapping-entry', { entry });
    mapping[header] = target;
  }
  return mapping;
}

/** The mapping as text again (`Header=target; …`), for an attribute or a form. */
export function formatMappingList(mapping: Record<string, string>): string {
  return Object.entries(mapping)
    .map(([h, t]) => `${h}=${t}`)
    .join('; ');
}

/** Throw for a target that names no canonical column anywhere (the caller's mistake, not the data's). */
export function checkMapping(mapping: Record<string, string> | undefined): void {
  if (!mapping) return;
  for (const [header, target] of Object.entries(mapping)) {
    if (target === IGNORE) continue;
    if (!knownTarget(target)) {
      throw coded('error.mapping-target', { header, target });
    }
  }
}

function knownTarget(declared: string): boolean {
  const target = stageTarget(declared);
  if (calibratedSpec(target)) return true;
  const dot = target.indexOf('.');
  if (dot > 0) {
    const [owner, column] = [target.slice(0, dot), target.slice(dot + 1)];
    if (owner in SCHEMA) return SCHEMA[owner as CanonicalTable].columns.some((c) => c.name === column);
    return targetSpec('flat-okr', target) !== undefined;
  }
  return Object.values(SCHEMA).some((t) => t.columns.some((c) => c.name === target));
}

/** The declared target of a header in a layout: undefined when the mapping says nothing for it there. */
function declaredTarget(header: string, table: TableLayout, mapping: Record<string, string>): string | undefined {
  const key = normaliseHeader(header);
  for (const [h, declared] of Object.entries(mapping)) {
    if (normaliseHeader(h) !== key) continue;
    if (declared === IGNORE) return IGNORE;
    // `ratings.rating@calibrated`: a rating at a named stage (load/calibrated-columns.ts).
    const target = stageTarget(declared);
    if (calibratedSpec(target)) return table === 'ratings' ? target : undefined;
    const dot = target.indexOf('.');
    if (table === 'flat-okr') {
      // A bare column in a flat sheet belongs to the row's key result, else its objective or check-in.
      const candidates = dot > 0 ? [target] : [`key_result.${target}`, `objective.${target}`, `check_in.${target}`];
      return candidates.find((t) => targetSpec('flat-okr', t));
    }
    if (dot > 0) {
      // `check_ins.value` applies to check-in files only.
      return target.slice(0, dot) === table && targetSpec(table, target.slice(dot + 1)) ? target.slice(dot + 1) : undefined;
    }
    return targetSpec(table, target) ? target : undefined;
  }
  return undefined;
}

/**
 * Headers as table inference should see them: a declared column is seen as
 * its canonical name (so `--map "Outcome=key_result_id"` also tells the table).
 */
export function headersForInference(headers: string[], allMappings: Record<string, string> | undefined, fileName?: string): string[] {
  const mapping = mappingForFile(allMappings, fileName);
  if (!mapping) return headers;
  return headers.map((h) => {
    const key = normaliseHeader(h);
    const entry = Object.entries(mapping).find(([m]) => normaliseHeader(m) === key);
    if (!entry || entry[1] === IGNORE) return h;
    const target = stageTarget(entry[1]);
    return target.slice(target.indexOf('.') + 1);
  });
}

/**
 * Apply the declared mapping over the inferred one: a declared column takes
 * its target (the column inference had put there is left out, as a
 * duplicate), `ignore` leaves a column out; required columns are re-checked.
 */
export function applyColumnMapping(
  inferred: ColumnMapping,
  headers: string[],
  table: TableLayout,
  allMappings: Record<string, string> | undefined,
  fileName?: string,
): ColumnMapping & { declared: Set<string>; ignored: Set<string> } {
  const mapping = mappingForFile(allMappings, fileName);
  const declared = new Set<string>();
  const ignored = new Set<string>();
  if (!mapping || Object.keys(mapping).length === 0) return { ...inferred, declared, ignored };
  const result: Record<string, string> = {};
  const overrides = new Map<string, string>();
  for (const h of new Set(headers)) {
    const target = declaredTarget(h, table, mapping);
    if (target === IGNORE) ignored.add(h);
    else if (target) overrides.set(h, target);
  }
  const taken = new Set(overrides.values());
  const duplicates = new Set(inferred.duplicates);
  const unmapped = new Set(inferred.unmapped);
  for (const h of headers) {
    if (h in result) continue;
    const over = overrides.get(h);
    if (over) {
      result[h] = over;
      declared.add(h);
      unmapped.delete(h);
      duplicates.delete(h);
      continue;
    }
    const was = inferred.mapping[h];
    if (ignored.has(h)) {
      unmapped.delete(h);
      continue;
    }
    if (was && taken.has(was)) duplicates.add(h);
    else if (was) result[h] = was;
  }
  const mapped = new Set(Object.values(result));
  const missingRequired: string[] = [];
  for (const group of REQUIRED_COLUMNS[table]) {
    if (!group.some((c) => mapped.has(c)) && group[0]) missingRequired.push(group[0]);
  }
  const order = new Map(headers.map((h, i) => [h, i] as const));
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  return {
    mapping: result,
    unmapped: [...unmapped].sort(byOrder),
    duplicates: [...duplicates].sort(byOrder),
    missingRequired,
    declared,
    ignored,
  };
}

/** Every input column in file order: what it became and how, or why not. */
export function describeColumns(
  headers: string[],
  table: TableLayout,
  mapped: ReturnType<typeof applyColumnMapping>,
): ColumnReport[] {
  const seen = new Set<string>();
  return headers.map((input): ColumnReport => {
    const repeat = seen.has(input);
    seen.add(input);
    const target = repeat ? undefined : mapped.mapping[input];
    if (target) {
      const how = mapped.declared.has(input) ? 'declared' : matchHeader(input, table)?.exact ? 'name' : 'alias';
      return { input, target, how };
    }
    if (mapped.ignored.has(input)) return { input, target: null, how: 'declared', ...reason('reason.ignored') };
    if (repeat) return { input, target: null, ...reason('reason.repeated-header') };
    if (mapped.duplicates.includes(input)) return { input, target: null, ...reason('reason.already-filled', { column: matchHeader(input, table)?.column ?? null }) };
    return { input, target: null, ...reason('reason.no-column', { table: text('table-name', { table }) }) };
  });
}

/** Diagnostic codes that record a choice, and the decision kind each becomes. */
const DECISION_CODES: Record<string, string> = {
  'confidence-scale-inferred': 'confidence-scale',
  'percent-scale-inferred': 'value-kind',
  'value-kind-inferred': 'value-kind',
  'ambiguous-date': 'date-order',
  'ambiguous-number': 'decimal-separator',
  'encoding-inferred': 'encoding',
  'cycle-inferred': 'cycle',
  'rating-words-read': 'rating-words',
};

/** The choice a diagnostic's words state (the messages are written by this loader, so their shape is known). */
function decisionValue(d: Diagnostic): string {
  const m = d.message;
  switch (d.code) {
    case 'confidence-scale-inferred':
      return /on the ([a-z-]+) scale/.exec(m)?.[1] ?? 'inferred';
    case 'percent-scale-inferred':
      return 'percent';
    case 'ambiguous-date':
      return /read as month\/day/.test(m) ? 'mdy' : 'dmy';
    case 'ambiguous-number':
      return /read with "(.)"/.exec(m)?.[1] === ',' ? 'comma' : 'dot';
    case 'encoding-inferred':
      return 'windows-1252';
    default:
      return (d as Diagnostic & { decision?: string }).decision ?? 'inferred';
  }
}

/**
 * Fill each file's `decisions` from what the load reported and the options it
 * was given, so `plumb validate` and `<plumb-data>` can show "confidence read
 * on the 1–10 scale (inferred)" beside the column mapping.
 */
export function attachDecisions(report: LoadReport, options: LoadOptions, made: readonly (LoadDecision & { file: string })[] = []): void {
  for (const file of report.files) {
    const decisions: LoadDecision[] = (file.decisions ??= []);
    const own = made.filter((m) => m.file === file.file);
    for (const { file: _file, ...decision } of own) {
      decisions.push(decision);
      // A progress column read as measured values now fills the value column: say so in the column list.
      const column = decision.kind === 'value-kind' && decision.value === 'value' ? file.columns?.find((c) => c.input === decision.column) : undefined;
      if (column) {
        column.target = file.table === 'check_ins' ? 'value' : file.table === 'flat-okr' ? 'key_result.current_value' : 'current_value';
        column.how = 'inferred';
        file.mapped_columns[column.input] = column.target;
      }
    }
    for (const d of report.diagnostics) {
      const kind = DECISION_CODES[d.code];
      if (!kind || d.file !== file.file) continue;
      // Recorded above with its evidence.
      if ((kind === 'value-kind' && own.some((m) => m.column === d.column)) || (kind === 'cycle' && own.some((m) => m.kind === 'cycle'))) continue;
      decisions.push({ kind, ...(d.column ? { column: d.column } : {}), value: decisionValue(d), declared: false, message: d.message, ...(d.text ? { text: d.text } : {}) });
    }
    const columns = file.columns ?? [];
    const confidenceColumn = columns.find((c) => c.target && /(^|\.)confidence$/.test(c.target));
    if (options.confidenceScale && confidenceColumn) {
      decisions.push({ kind: 'confidence-scale', column: confidenceColumn.input, value: options.confidenceScale, declared: true, ...say('decision.scale-declared', { scale: options.confidenceScale }) });
    }
    if (options.dateOrder) decisions.push({ kind: 'date-order', value: options.dateOrder, declared: true, ...say('decision.order-declared', { order: text(`order.${options.dateOrder}`) }) });
    if (options.encoding && file.format !== 'parquet' && file.format !== 'arrow') {
      decisions.push({ kind: 'encoding', value: options.encoding, declared: true, ...say('decision.encoding-declared', { encoding: options.encoding }) });
    }
  }
}

/** The mapping report as lines of text (for `plumb validate` and logs). */
export function formatMappingReport(report: LoadReport): string[] {
  const lines: string[] = [];
  for (const f of report.files) {
    lines.push(`${f.file} → ${f.table ?? 'not loaded'} (${f.format}, ${f.input_rows} rows: ${f.loaded_rows} loaded, ${f.rejected_rows} rejected)`);
    for (const c of f.columns ?? []) {
      const hint = c.how === 'declared' ? '' : `; --map "${c.input}=<column>" loads it`;
      const how = c.how === 'declared' || c.how === 'alias' || c.how === 'inferred' ? ` (${c.how})` : '';
      lines.push(c.target ? `  ${c.input} → ${c.target}${how}` : `  ${c.input} ✗ not loaded: ${c.reason}${hint}`);
    }
    for (const d of f.decisions ?? []) {
      lines.push(`  ${d.kind}${d.column ? ` of "${d.column}"` : ''}: ${d.value} (${d.declared ? 'declared' : 'inferred'})`);
    }
  }
  return lines;
}


/** Every target a column of a file in `table` may be mapped to (for a correction form's menu). */
export function mappingTargets(table: TableLayout): string[] {
  if (table === 'flat-okr') {
    // A flat sheet's own columns, and the check-in columns beside an "as of" date.
    return [...Object.keys(FLAT_OKR_ALIASES), ...['checked_at', 'note', 'status', 'author_id', 'planned_value'].map((c) => `check_in.${c}`)];
  }
  const columns = SCHEMA[table].columns.map((c) => c.name);
  return table === 'ratings' ? [...columns, ...Object.keys(CALIBRATED_ALIASES)] : columns;
}
