/** A request the server refused: its status and the fields of its answer (a conflict's `current`). */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}
