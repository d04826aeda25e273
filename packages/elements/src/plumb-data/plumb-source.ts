// A server (an SSR build importing this module) has no HTMLElement: the class
// then extends an empty one and is never defined (see shared/define.ts).
const HTMLElementOrNothing: typeof HTMLElement =
  globalThis.HTMLElement ?? (class {} as unknown as typeof HTMLElement);

/**
 * @summary One file for the enclosing `<plumb-data>`: `<plumb-source src="okrs.csv" table="key_results">`.
 * Renders nothing; `<plumb-data>` reloads when one is added, removed or changed.
 */
export class PlumbSource extends HTMLElementOrNothing {
  static get observedAttributes(): string[] {
    return ['src', 'table'];
  }

  connectedCallback(): void {
    this.hidden = true;
  }

  /** URL of the file. */
  get src(): string {
    return this.getAttribute('src') ?? '';
  }
  set src(value: string) {
    this.setAttribute('src', value);
  }

  /** Canonical table the file feeds (else inferred). */
  get table(): string {
    return this.getAttribute('table') ?? '';
  }
  set table(value: string) {
    if (value) this.setAttribute('table', value);
    else this.removeAttribute('table');
  }
}
