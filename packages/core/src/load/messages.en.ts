import { countEn, isOne, type TextCatalogue } from '../text.js';

/**
 * The loader's English: the one English catalogue of every diagnostic, question, candidate, decision
 * and column reason the load writes (codes used by load/text.ts `say`, `reason`, `textSql`). The same keys
 * in German and French are messages.de.ts and messages.fr.ts, read by the elements
 * (packages/elements/src/plumb-data/load-text.messages.ts) and by `plumb --lang`; the catalogue-parity test
 * keeps the three in step.
 */
export const loadMessagesEn: TextCatalogue = {
  // ---- names
  'table-name': (p) => String(p.table),
  'stage.self': 'self',
  'stage.manager': 'manager',
  'stage.calibrated': 'calibrated',
  'stage.final': 'final',
  'order.dmy': 'day/month',
  'order.mdy': 'month/day',
  // ---- questions and what their answers imply
  'ask.table': 'Which table does {file} feed? ({reason})',
  'implies.table': (p, fmt) =>
    `its ${fmt.integer(Number(p.rows))} rows become ${p.table === 'flat-okr' ? 'objectives and key results (one row per key result)' : p.table}`,
  'ask.stage': 'Whose ratings are in column "{column}" of {file}? No column gives their stage (self, manager, calibrated or final), and every view counts one stage.',
  'implies.stage.self': (p, fmt) => `its ${fmt.integer(Number(p.rows))} ratings are self-assessments (rated by the employee)`,
  'implies.stage.manager': (p, fmt) => `its ${fmt.integer(Number(p.rows))} ratings are manager ratings`,
  'implies.stage.calibrated': (p, fmt) => `its ${fmt.integer(Number(p.rows))} ratings are calibrated ratings`,
  'implies.stage.final': (p, fmt) => `its ${fmt.integer(Number(p.rows))} ratings are final ratings`,
  // ---- decisions
  'decision.table-answered': '{file} feeds {table}, as answered',
  'decision.table': '{file} feeds {table}: {reason}',
  // ---- column reasons
  'reason.objective-hint': "names the row's objective: tells apart key results that share a title",
  'reason.row-kind': 'tells objectives from key results (see decisions)',
  'reason.result-kind': 'tells key results from work items, which are not loaded (see decisions)',
  'reason.no-okr-column': 'matches no objectives or key_results column',
  'reason.no-table-fits': (p, fmt) =>
    `no table fits the columns ${Number(p.total) === 0 ? 'no columns' : Number(p.more) > 0 ? `${p.columns} and ${fmt.integer(Number(p.more))} more` : p.columns}${
      p.closest ? ` (closest: ${p.closest}, matching ${p.mapped} of ${p.total})` : ''
    }`,
  'reason.tables-tied': (p) => `the columns fit ${String(p.tables).replace(/, and |, /g, ' and ')} equally well; name the table (file.csv:table)`,
  'reason.table-fit': (p) =>
    [`${p.mapped} of ${p.total} columns match ${p.table}`, ...(p.hint ? [`the file name says "${p.hint}"`] : []), ...(p.missing ? [`missing required ${p.missing}`] : [])].join('; '),
  // ---- diagnostics
  'diag.question': (p, fmt) =>
    `${countEn(fmt, p.rows, 'row', 'rows')} of ${p.file} wait for ${Number(p.answers) === 1 ? 'an answer' : `${p.answers} answers`}: ${p.question ? `${p.question} — ` : ''}answer with ${p.options}`,
  'diag.unreadable': '{file} could not be read: {error}',
  'diag.unknown-table': 'could not tell which table these columns feed ({reason}); name it as {file}:<table>, one of {tables} (or flat-okr)',
  'diag.unmapped-column': 'column "{column}" matches no {table} column and is not loaded',
  'diag.duplicate-column': 'column "{column}" maps to a column another one already fills; it is not loaded',
  'diag.missing-column': 'the required column "{column}" of {table} is missing, so none of its {rows} rows were loaded',
  'diag.empty-file-header': '{file} has a header but no data rows',
  'diag.unreconciled-rows': "{loaded} rows counted as loaded but {inserted} inserted: a defect in Plumb's loader, please report it",
  'diag.rating-words-conflict':
    '"{word}" in column "{column}" was read as {value}, but the rating scale loaded gives it {scaled}: load the rating scale file before the ratings so its labels are used',
  'diag.more-rows': (p) => `${p.n} more rows of ${p.file} have this problem${p.column ? ` in column "${p.column}"` : ''} (the first ${p.cap} are listed)`,
  'rating-points': '{size}-point scale',
  'rating-word-is': '"{raw}" is {value} of {size}',
  'rating-word-of': '{value} of {size}',
  'row-kind-value': (p, fmt) => `"${p.value}" (${countEn(fmt, p.n, 'row', 'rows')})`,
  'scale-name': (p) => SCALE_NAMES[String(p.scale)] ?? String(p.scale),
  'scale-words': (p) => SCALE_WORDS[String(p.scale)] ?? String(p.scale),
  /** A scale as the option `--confidence-scale` names it (English keeps the key; other languages say the scale). */
  'scale-key': (p) => String(p.scale),
  // ---- more questions
  'ask.date-order': 'Are the dates in column "{column}" day/month or month/day? ({evidence})',
  'implies.date': (p, fmt) => `"${p.raw}" is ${fmt.date(String(p.date), 'long')}`,
  'implies.date-unread': '"{raw}" is read {order} first',
  'ask.rating-scale':
    'On which scale are the ratings in column "{column}"? They are words, and the size of the scale changes their numbers ({why}). Loading the rating scale file with its labels answers it too.',
  'implies.rating-words': '{words}',
  'ask.row-kind': (p) => `Which column of ${p.file} says whether a row is an objective or a key result? (${String(p.columns).split(' | ').join(' and ')} both hold only such words)`,
  'implies.row-kind': 'rows are objectives or key results as column "{column}" says',
  // ---- more decisions
  'decision.date-order-answered': 'dates in column "{column}" read as {order}, as answered',
  'decision.date-order': 'dates in column "{column}" read as {order}: {evidence}',
  'decision.status-confidence':
    'column "{column}" holds only status words ({values}) and the file has no other confidence: read as confidence, on track > behind > at risk > off track',
  'decision.row-kind': (p) =>
    `column "${p.column}" holds only row kinds: ${p.objectives} are objectives, ${p.keyResults} key results` +
    (p.parent ? `; "${p.parent}" names an objective's parent objective and a key result's objective (by id or title)` : '') +
    (p.id ? `; "${p.id}" is the id of both` : '; no id column, so objectives are known by title and key results by objective and title'),
  'decision.name-parts': 'no name column: a person\'s name is "{first}" and "{last}" joined',
  'decision.result-kind': 'column "{column}" tells key results ({keyResults}) from work items ({others}): work items count in no objective\'s progress, so their rows are not loaded',
  'decision.title-by-objective': (p) =>
    `${p.n} ${Number(p.n) === 1 ? 'row names its key result' : 'rows name their key result'} by a title more than one objective has; column "${p.column}" on the same row names the objective, which tells them apart`,
  // ---- more diagnostics (file level)
  'diag.ambiguous-number': 'numbers like "{sample}" could use "." or "," as the decimal separator; read with "{decimal}" ({evidence})',
  'diag.percent-scale-inferred': 'column "{column}" reads as percentages (values up to {max}); divided by 100',
  'diag.rating-words-read.scale': 'ratings in column "{column}" read from words through the rating scale\'s labels ({evidence}): {words}',
  'diag.rating-words-read.prefix': 'ratings in column "{column}" read from words by the number each starts with ({evidence}): {words}',
  'diag.rating-words-read.built-in': (p) => `ratings in column "${p.column}" read from words on a built-in ${p.points ? `${p.points}-point ` : ''}wording (${p.evidence}): ${p.words}`,
  'diag.confidence-scale-inferred': 'confidence in column "{column}" read on the {scale} scale ({reason}); declare confidenceScale to be sure',
  'diag.confidence-scale-unknown': 'the confidence scale of column "{column}" could not be told ({reason}); declare confidenceScale',
  'diag.empty': '{file} is empty',
  'diag.no-records': '{file} holds no records',
  'diag.bad-json': '{file} is not valid JSON: {error}',
  'diag.json-no-records': '{file} is JSON but holds no array of records',
  'diag.encoding': '{file} {problem}',
  'diag.unreadable-as': '{file} could not be read as {format}: {error}',
  'sheet-name': '“{name}”',
  'diag.workbook-unread': (p) =>
    `${p.file}: ${Number(p.count) === 1 ? `its sheet ${p.sheets} was` : `its sheets ${p.sheets} were`} not read: ${p.reason}`,
  'workbook.unread.no-table': "Plumb knows no table with such columns (to load a sheet, save it as its own CSV file and declare its table: file.csv:table)",
  'workbook.unread.declared': "the workbook was declared to feed {table}, read from its first sheet (save other sheets as their own files to load them)",
  'workbook.unread.hidden': "hidden in the workbook (show it, or save it as its own file, to load it)",
  'workbook.unread.unnamed': "only the first sheet is read of a spreadsheet whose name does not end in .xlsx or .ods (name it so to load every sheet)",
  'diag.workbook-formulas': (p) =>
    `${p.file}: ${Number(p.count) === 1 ? 'a formula cell has' : `${p.count} formula cells have`} no value saved in the workbook (it was written by a program that does not calculate): loaded empty; open and save it in Excel to keep the values`,
  'diag.workbook-unreadable': "{file} could not be read as a spreadsheet: {reason}",
  'workbook.encrypted': "it is password-protected; save a copy without a password",
  'workbook.no-sheet': "no visible sheet holds data",
  'workbook.damaged': "the file is damaged or not a complete .xlsx or .ods file",
  'workbook.not-workbook': "it is a ZIP archive holding no spreadsheet",
  'workbook.old-excel': "it is an old Excel 97–2003 (.xls) workbook or a password-protected one; save it as an Excel workbook (.xlsx) or as CSV UTF-8",
  'diag.trailing-delimiter': 'the header of {file} ends with a delimiter: the empty cells after "{header}" are ignored on every row',
  'diag.reader-count': "{file} holds {records} records but the CSV reader returned {returned}: a defect in Plumb's loader, please report it",
  // ---- encodings
  'encoding.not-utf8':
    'is not valid UTF-8 text (first bad byte on line {line}, byte offset {at}): binary data, or text in another encoding such as Windows-1252; save it as UTF-8 (or UTF-16 with a byte-order mark)',
  'encoding.nul': 'contains NUL bytes: binary data, or UTF-16 text without a byte-order mark; save it as UTF-8',
  'encoding.utf16-nul': 'is {encoding} text containing NUL characters',
  'encoding.bad-bom': 'starts with a {encoding} byte-order mark but is not valid {encoding}',
  'encoding.utf16-no-bom': 'looks like UTF-16 ({endian}) text without a byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark',
  'encoding.binary': 'contains NUL bytes: binary data, not a text export',
  'encoding.declared': 'read as {encoding}, as declared',
  'encoding.read-as-1252':
    'is not valid UTF-8 (first bad byte on line {line}, byte offset {at}); read as Windows-1252, what Excel on Windows saves; declare the encoding to be sure',
  // ---- row findings
  'row.short': (p, fmt) =>
    `this row has ${countEn(fmt, p.present, 'cell', 'cells')} where the header has ${p.width}: ${p.missing === null || p.missing === undefined ? 'no cells' : `no ${p.missing}`}; this row was not loaded`,
  'row.extra-cells': (p) =>
    `this row has ${p.cells} cells where the header has ${p.width}: ${Number(p.extra) === 1 ? `cell ${Number(p.width) + 1}` : `cells ${Number(p.width) + 1}–${p.cells}`} (${p.values}) ${Number(p.extra) === 1 ? 'is' : 'are'} under no header; this row was not loaded`,
  'row.extra-empty': 'this row has {cells} cells where the header has {width}: the extra cells are empty and were ignored',
  'row.too-many-cells': 'this row has more than {cells} cells where the header has {width}; this row was not loaded',
  'row.reader': 'the CSV reader could not read this row ({type}: {error}); this row was not loaded',
  'row.unclosed-quote': (p) =>
    `a quoted cell opens in this row and its closing quote never comes, so this row${Number(p.after) ? ` and the ${p.after} lines after it (rows ${p.from}–${p.to})` : ''} could not be read; close the quote (or double it: "") and load again`,
  'row.bad-json-line': 'this line is not valid JSON ({error})',
  'row.not-an-object': 'this record is not a JSON object',
  'row.missing-value': (p) => `no value in the required column ${p.columns} (${String(p.targets).split(' | ').join(' or ')}); this row was not loaded`,
  'row.not-in-list': '"{value}" is not one of {list}; left blank',
  'row.row-kind': 'column "{column}" says "{value}": neither an objective nor a key result; this row was not loaded',
  'row.duplicate': (p) => `${singular(p.table)} "${p.key}" appears more than once (first in ${p.file} row ${p.row}); this one was not loaded`,
  'row.duplicate-earlier': (p) => `${singular(p.table)} "${p.key}" appears more than once (first in an earlier load); this one was not loaded`,
  'row.target-equals-start': 'key result "{id}" has its target equal to its start ({target}): its progress is undefined',
  'row.conflicting-value': (p) => `objective "${p.id}" has ${String(p.column).replace(/_/g, ' ')} "${p.here}" here but "${p.kept}" on row ${p.row} (kept)`,
  'row.dangling-reference': (p) => `${singular(p.from)} ${p.column} "${p.ref}" matches no ${NOUNS[String(p.to)] ?? p.to} in the data${OUTCOMES[String(p.policy)]}`,
  'row.ambiguous-reference': (p) =>
    `${singular(p.from)} ${p.column} "${p.ref}" matches ${p.n} ${NOUNS[String(p.to)] ?? p.to}s by ${p.by} (${p.ids})${OUTCOMES[String(p.policy)]}`,
  'row.cycle': (p) =>
    `the ${HIERARCHY_NAMES[String(p.table)] ?? p.table} has a cycle: ${p.path} (${p.n} ${Number(p.n) === 1 ? 'id' : 'ids'}); the link from "${p.id}" to "${p.parent}" was removed so the rest loads`,
  // ---- cells
  'cell.empty': 'empty',
  'cell.not-rated': '"{raw}" is no rating: counted, not loaded as a number',
  'cell.unknown-scale': 'confidence scale "{scale}" is not one of {scales}',
  'cell.confidence': 'confidence on the {scale} scale: {error}',
  'number.too-long': 'too long to be a number ({length} characters)',
  'number.signs': 'more than one sign in "{raw}"',
  'number.not-a-number': 'not a number: "{raw}"',
  'number.not-finite': 'not a finite number: "{raw}"',
  'number.two-separators': 'two separators in a row in "{raw}"',
  'number.separator-end': 'a separator at the end in "{raw}"',
  'number.mixed-groups': 'mixed group separators in "{raw}"',
  'date.year-range': 'year {year} out of range in "{raw}"',
  'date.month-range': 'month {month} out of range in "{raw}"',
  'date.impossible': 'impossible date "{raw}": day {day} of a month with {days} days',
  'date.too-long': 'too long to be a date ({length} characters)',
  'date.bare-number': 'not a date: "{raw}" (a bare number; Excel serial day numbers are read only when asked)',
  'date.not-a-date': 'not a date: "{raw}"',
  'date.no-month': 'not a date: "{raw}" (no month name recognised)',
  'date.bad-time': 'impossible time in "{raw}"',
  'date.bad-zone': 'impossible time zone in "{raw}"',
  'date.serial-range': 'Excel serial {raw} out of range (1–2958465)',
  'date.serial-60': 'Excel serial 60 is 1900-02-29, a date that does not exist',
  'confidence.too-long': 'too long to be a confidence ({length} characters)',
  'confidence.none': '"{raw}" carries no confidence',
  'confidence.number-on-words': '"{raw}" is a number, but the scale is {scale}',
  'confidence.not-a-word': (p) => `"${p.raw}" is not one of ${p.words}${p.other ? ` ("${p.raw}" belongs to ${p.other})` : ''}`,
  'confidence.out-of': '"{raw}" is out of {denominator}, but the scale is {scale}',
  'confidence.not-a-confidence': 'not a confidence: "{raw}"',
  'confidence.empty': 'not a confidence: empty',
  'confidence.word-of': '"{raw}" is a word of {word}, but the scale is {scale}',
  'confidence.percent-on': '"{raw}" is a percentage, but the scale is {scale}',
  'confidence.outside-percent': '{raw} is outside 0–100 %',
  'confidence.outside': '{raw} is outside the {scale} scale',
  // ---- evidence
  'evidence.dates-mixed': 'the column mixes day-first ("{dmy}") and month-first ("{mdy}") dates',
  'evidence.day-first': (p, fmt) => `${countEn(fmt, p.n, 'value has', 'values have')} a day over 12 first, e.g. "${p.example}"`,
  'evidence.day-second': (p, fmt) => `${countEn(fmt, p.n, 'value has', 'values have')} a day over 12 second, e.g. "${p.example}"`,
  'evidence.dates-either': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} like "${p.example}" ${isOne(fmt, p.n) ? 'reads' : 'read'} as day/month or month/day; no value decides`,
  'evidence.no-dates': 'no day/month dates to decide from',
  'evidence.decimal-conflict':
    "conflicting values: {dot} read with a '.' decimal (e.g. \"{dotExample}\"), {comma} with a ',' decimal (e.g. \"{commaExample}\"); using '{decimal}'",
  'evidence.decimal-comma': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} only ${isOne(fmt, p.n) ? 'reads' : 'read'} with a ',' decimal, e.g. "${p.example}"`,
  'evidence.decimal-dot': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} only ${isOne(fmt, p.n) ? 'reads' : 'read'} with a '.' decimal, e.g. "${p.example}"`,
  'evidence.decimal-either': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} like "${p.example}" ${isOne(fmt, p.n) ? 'reads' : 'read'} either way; assuming '.' is the decimal separator`,
  'evidence.no-separators': 'no value has a decimal or group separator',
  'evidence.rating-labels': '{n} words are labels of the loaded rating scale',
  'evidence.rating-prefix': 'every word starts with its number',
  'evidence.rating-sizes': (p) => `"${p.raw}" is ${String(p.readings).replace(/, and |, | and /g, ' or ')}: the words fit a ${p.sizes}-point scale`,
  'evidence.rating-declared': 'read on the declared {points}-point wording',
  'evidence.rating-one-size': 'only a {size}-point wording has all of {words}',
  'evidence.rating-same': 'the {sizes}-point wordings give these words the same numbers',
  'scale.none': 'no confidence values',
  'scale.misfits': (p, fmt) => `; ${countEn(fmt, p.n, 'value', 'values')} like "${p.example}" ${isOne(fmt, p.n) ? 'fits' : 'fit'} no scale`,
  'scale.mixed': 'the column mixes numbers and words',
  'scale.words': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} ${isOne(fmt, p.n) ? 'is a word' : 'are words'} of ${p.scale}${p.misfits ?? ''}`,
  'scale.words-mixed': (p) => `the words mix scales (${String(p.scales).replace(/, and |, /g, ' and ')})`,
  'scale.unknown-word': '"{example}" is neither a number nor a confidence word',
  'scale.neutral-only': 'only words without a confidence ({n})',
  'scale.totals': 'values out of different totals ({totals})',
  'scale.out-of-and-percent': 'the column mixes "n/d" values and percentages',
  'scale.out-of-unknown': 'values out of {d} fit no supported scale (0–1, 0–10, 1–10, 0–100)',
  'scale.out-of': (p) => `values written out of ${p.d}${p.zero === 'yes' ? ', including 0' : p.zero === 'no' ? ', no 0' : ''}${p.over ? `; ${p.over} is over ${p.d}` : ''}${p.misfits ?? ''}`,
  'scale.percent-signs': (p, fmt) => `${countEn(fmt, p.n, 'value', 'values')} ${isOne(fmt, p.n) ? 'carries' : 'carry'} a % sign${p.over ? `; ${p.over} is over 100 %` : p.negative !== null && p.negative !== undefined ? `; ${p.negative} % is negative` : ''}${p.misfits ?? ''}`,
  'scale.negative': 'negative values ({min}) fit no confidence scale',
  'scale.unit': (p) => `all values are between 0 and 1${p.misfits ?? ''}`,
  'scale.zero-one': (p) => `only 0 and 1 seen: read as 0–1${p.misfits ?? ''}`,
  'scale.zero-to-ten': (p) => `values up to ${p.max}, including 0${p.misfits ?? ''}`,
  'scale.one-to-ten': (p) => `values from ${p.min} up to ${p.max}, no 0${p.misfits ?? ''}`,
  'scale.percent': (p) => `values up to ${p.max}${p.misfits ?? ''}`,
  'scale.over-100': '{max} is over 100, beyond every confidence scale',
  // ---- two header rows (header-rows.ts)
  'header-rows.restated': (p) => `its labels restate the keys above them (${p.columns}${Number(p.more) > 0 ? ` and ${p.more} more` : ''})`,
  'header-rows.typed': (p) => `row 2 has text where every row below has a number, date or id (${p.columns}${Number(p.more) > 0 ? ` and ${p.more} more` : ''})`,
  'header-rows.keys': (p) => `row 1 holds system keys (one word each: ${p.columns}${Number(p.more) > 0 ? ` and ${p.more} more` : ''})`,
  'decision.header-rows': 'rows 1 and 2 of {file} are header rows (keys, then labels): {evidence}; data from row 3, columns read by their labels',
  'decision.header-rows-answered': 'rows 1 and 2 of {file} are header rows, as answered; data from row 3',
  'decision.header-rows-data': 'row 2 of {file} is data, as answered',
  'ask.header-rows': (p) =>
    `Is row 2 of ${p.file} a second header row? It reads like column names (${p.columns}${Number(p.more) > 0 ? ` and ${p.more} more` : ''}) but nothing in the rows below tells it apart from data.`,
  'implies.header-rows.labels': (p, fmt) => `row 2 holds the columns' labels: ${countEn(fmt, p.rows, 'data row', 'data rows')}, from row 3`,
  'implies.header-rows.data': (p, fmt) => `row 2 is data: ${countEn(fmt, p.rows, 'data row', 'data rows')}, from row 2`,
  // ---- the id among several id-like columns (id-columns.ts)
  'decision.no-manager': (p, fmt) => `${countEn(fmt, p.n, 'person has', 'people have')} ${p.words} as manager: SAP SuccessFactors' word for no manager, read as none`,
  'id-column.ref': (p, fmt) => `${fmt.integer(Number(p.n))} of ${p.ref}`,
  'id-column.refs': '"{column}" holds the values references name ({refs})',
  'id-column.no-refs': '"{column}" holds no value a reference names',
  'decision.id-column': '"{column}" is the id: {evidence}',
  'decision.id-column-kept': '{columns} could each be the id; no reference in the data names any of them, so "{column}" is kept by its name (no number depends on it)',
  'ask.id-column': "Which column of {file} is the person's id? {evidence}: as many references each.",
  'implies.id-column': 'people are known by "{column}": {evidence}',
  'row.no-id': 'this person has no value in "{column}", the id column (see decisions); this row was not loaded',
  'reason.id-column': 'the id: the column other files reference (see decisions)',
  'reason.not-the-id': 'another id-like column, "{column}", is the one references name (see decisions)',
  'diag.not-the-id': 'column "{column}" is not the id ("{id}" is, see decisions) and is not loaded',
  // ---- aligned objectives in an interleaved sheet (interleaved.ts)
  'ask.link-type': (p, fmt) =>
    `Does an objective aligned to another count in its parent's progress? In ${p.file}, ${countEn(fmt, p.n, 'aligned objective has a parent', 'aligned objectives have parents')} with key results of ${isOne(fmt, p.n) ? 'its' : 'their'} own (e.g. "${p.child}" under "${p.parent}"), and the file has no alignment type.`,
  'implies.link-type.contributes': (p, fmt) => `"${p.parent}" rolls up its key results and "${p.child}" alike (${countEn(fmt, p.n, 'aligned objective counts', 'aligned objectives count')})`,
  'implies.link-type.supports': '"{parent}" rolls up its own key results only; "{child}" is shown under it',
  'decision.link-type.contributes': 'objectives aligned through "{column}" count in their parent\'s progress, as answered',
  'decision.link-type.supports': 'objectives aligned through "{column}" only sit under their parent, as answered',
  'decision.link-type.canonical': 'objectives aligned through "{column}" count in their parent\'s progress: the file is in Plumb\'s own layout, where an objective without a link_type contributes',
  'label.link-type.contributes': 'counts in its parent',
  'label.link-type.supports': 'only shown under its parent',
  'label.header-rows.labels': 'a second header row',
  'label.header-rows.data': 'data',
  // ---- value kinds (load/value-kind.ts)
  'value-kind.span': "{inside} of {total} numbers sit inside their key result's start–target span",
  'value-kind.span-sampled': "{inside} of {total} numbers of a sample (one row in {step}) sit inside their key result's start–target span",
  'value-kind.shares-wide': 'every number is between 0 and 2 while the key results span {width} units (median): shares of the way',
  'value-kind.inside': (p) => String(p.span),
  'value-kind.shares': (p) => `every number is between 0 and 2${p.span ? `; only ${p.span}` : ''}`,
  'value-kind.percent': (p) => `numbers up to ${p.hi} sit between 0 and 150${p.span ? ` but only ${p.span}` : ' and no key result span is known'}`,
  'value-kind.value': (p) => `numbers up to ${p.hi} cannot be percentages${p.span ? `; ${p.span}` : ''}`,
  'value-kind.declared-percent': 'declared progress with numbers up to {hi}',
  'value-kind.declared-shares': 'declared progress, every number between 0 and 2',
  'value-kind.reads-as.value': "column \"{column}\" reads as measured values (moved to {target}; progress is computed from each key result's start and target): {reason}",
  'value-kind.reads-as.percent': 'column "{column}" reads as percentages (divided by 100): {reason}',
  'value-kind.reads-as.progress': (p) => `column "${p.column}" reads as progress shares (0–1): ${p.reason}${p.kept ? '; kept as progress because the file also has a value column' : ''}`,
  'value-kind.map-it': '{decision}; map the column to declare it ({option})',
  // ---- cycles (load/cycle-inference.ts)
  'cycle.review-from-name': 'no cycles table describes review cycle "{cycle}": read as {start} – {end} from "{text}" in its name',
  'cycle.declared': 'cycle "{cycle}" runs {start} – {end}, as declared',
  'cycle.from-name': (p, fmt) =>
    `no cycles table describes cycle "${p.cycle}" (${countEn(fmt, p.n, 'objective', 'objectives')}): read as ${p.start} – ${p.end} from its name${
      p.fiscal ? '; the fiscal year was taken to start in January (declare fiscalYearStart, --fiscal-year-start)' : ''
    }; declare --cycle-start/--cycle-end to set it`,
  'cycle.none': (p, fmt) => `${countEn(fmt, p.n, 'objective', 'objectives')} without a cycle`,
  'cycle.named': (p, fmt) => `cycle "${p.cycle}" (${countEn(fmt, p.n, 'objective', 'objectives')})`,
  'cycle.unknown': "{what}: no cycles table, no period in the name and no dated check-ins, so the cycle's dates are unknown; declare --cycle-start/--cycle-end",
  'cycle.from-check-ins': (p) =>
    `${p.what}: no cycles table, so the cycle is taken from the ${p.n} check-in dates (${p.lo} – ${p.hi}): ${p.quarters}, ${p.start} – ${p.end}${p.named ? `, named "${p.named}"` : ''}; declare --cycle-start/--cycle-end to set it`,
  // ---- the mapping (load/mapping.ts)
  'reason.ignored': 'ignored, as the mapping says',
  'reason.repeated-header': 'the same header appears earlier in the file; only the first is read',
  'reason.already-filled': (p) => `${p.column ?? 'its column'} is already filled by another column of this file`,
  'reason.no-column': 'matches no {table} column',
  'decision.scale-declared': 'confidence read on the {scale} scale, as declared',
  'decision.order-declared': 'ambiguous dates read as {order}, as declared',
  'decision.encoding-declared': 'text read as {encoding}, as declared',
  // ---- errors a caller shows (thrown as PlumbError with these texts: memory.ts, questions.ts, mapping.ts)
  'error.too-large': (p, fmt) =>
    `These files (${fmt.integer(Number(p.mb))} MB) need about ${fmt.number(Number(p.need), 1)} GB of memory to load, more than the in-browser database can hold (${fmt.number(Number(p.limit), 1)} GB); nothing was loaded. ${p.advice}`,
  'diag.too-large': (p, fmt) => `about ${fmt.number(Number(p.need), 1)} GB needed, ${fmt.number(Number(p.limit), 1)} GB available`,
  'error.out-of-memory': (p) => `The database ran out of memory${p.file ? ` while loading ${p.file}` : ''}${p.setting ? ` (its memory limit is ${p.setting})` : ''}; nothing was loaded. ${p.advice}`,
  'diag.out-of-memory': 'the database ran out of memory',
  'error.serve-advice':
    "For data this size, run DuckDB as a server instead of in the page: `plumb serve <your files>` (e.g. `plumb serve exports/*.parquet --port 4848`) and give <plumb-data> an HttpConnector for it (`data.connector = new HttpConnector({ url: 'http://localhost:4848' })`); every view works the same.",
  'error.mapping-not-json': '{name} is not JSON: {error}',
  'error.mapping-not-plumb': '{name} is not a Plumb mapping file (expected {"plumb": "mapping", "version": 1, …})',
  'error.mapping-version': '{name}: version {version} is not supported (1 is)',
  'error.mapping-unknown-entry': '{name}: unknown entry "{key}" (known: {known})',
  'error.mapping-not-texts': '{name}: "{key}" must be an object of text values',
  'error.mapping-wrong-type': '{name}: "{key}" has the wrong type',
  'error.cycle-both': 'declare both cycleStart and cycleEnd (YYYY-MM-DD), or neither',
  'error.cycle-date': 'cycle date "{date}" is not a date YYYY-MM-DD',
  'error.cycle-order': 'cycleStart {start} is after cycleEnd {end}',
  'error.option-scale': 'unknown confidenceScale "{value}"; use one of {known}',
  'error.option-date-order': 'unknown dateOrder "{value}"; use dmy or mdy',
  'error.option-rating-points': 'ratingPoints must be 3, 4 or 5, got {value}',
  'error.option-fiscal-year': 'fiscalYearStart must be a month 1–12, got {value}',
  'error.mapping-entry': 'mapping "{entry}" is not "Input column=canonical_column" (or "Input column=ignore")',
  'error.mapping-target': 'mapping "{header}={target}": "{target}" is no canonical column (e.g. key_result_id, check_ins.value, key_result.title, or ignore)',
};

const SCALE_NAMES: Record<string, string> = {
  unit: '0–1', 'zero-to-ten': '0–10', 'one-to-ten': '1–10', percent: '0–100 %',
  'low-medium-high': 'low / medium / high', 'red-amber-green': 'red / amber / green', 'on-track': 'on track / behind / at risk / off track',
};
const SCALE_WORDS: Record<string, string> = {
  'low-medium-high': 'low, medium, high', 'red-amber-green': 'red, amber (yellow), green', 'on-track': 'on track, behind, at risk, off track',
};
/** "key_results" → "key result" (a row of the table). */
const singular = (table: unknown) => String(table).replace(/s$/, '').replace('_', ' ');
const NOUNS: Record<string, string> = { people: 'person', objectives: 'objective', key_results: 'key result', teams: 'team', cycles: 'cycle' };
const OUTCOMES: Record<string, string> = { reject: '; this row was not loaded', clear: '; the link was removed', warn: '; kept as given' };
const HIERARCHY_NAMES: Record<string, string> = { objectives: 'objective alignment', people: 'manager chain', teams: 'team tree' };
