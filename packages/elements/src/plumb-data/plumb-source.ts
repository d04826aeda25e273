import { ReactiveElement } from 'lit';

// lit's ReactiveElement, not HTMLElement: lit brings its own DOM shim to a server (an SSR build importing
// this module), so nothing here touches the DOM at module load; it is defined only in a page (shared/define.ts).

/**
 * @summary One file for the enclosing `<plumb-data>`: `<plumb-source src="okrs.csv" table="key_results">`.
 * Renders nothing; `<plumb-data>` reloads when one is added, removed or changed.
 */
export class PlumbSource extends ReactiveElement {
  /** No shadow root: it shows nothing. */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
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
