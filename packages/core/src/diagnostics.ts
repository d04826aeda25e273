/** One finding about the input: what, where (file, row, column), how bad. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `missing-column`, `duplicate-id`, `cycle`. */
  code: string;
  message: string;
  file?: string;
  /** 1-based data row (the header is row 0); absent for file-level findings. */
  row?: number;
  column?: string;
}

export class PlumbError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'PlumbError';
  }
}
