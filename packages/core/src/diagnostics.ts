import type { Text } from './text.js';

/** One finding about the input: what, where (file, row, column), how bad. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `missing-column`, `duplicate-id`, `cycle`. */
  code: string;
  /** In English (the CLI prints it); `text` says the same as a code and params the elements translate. */
  message: string;
  text?: Text;
  file?: string;
  /** The row as the file's own tool shows it: a CSV's header is row 1 (as in a spreadsheet), an NDJSON line its line number, a JSON, Parquet or Arrow record its position from 1. Absent for file-level findings. */
  row?: number;
  column?: string;
}

export class PlumbError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
    /** The message as a code and params (load/messages.*.ts), for a front end that speaks another language. */
    readonly text?: Text,
  ) {
    super(message);
    this.name = 'PlumbError';
  }
}
