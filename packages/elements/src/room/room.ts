import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PlumbElement } from '../view/plumb-element.js';
import { themeStyles } from '../shared/theme.styles.js';
import { themeCSS } from '../shared/themes.js';
import { roomMessages } from './room.messages.js';

/** The settings of `<plumb-data>` a presenting room takes over (and gives back). */
interface PrivacyHost extends HTMLElement {
  anonymize: boolean;
  projector: boolean;
}

/** Detail of `plumb-room-change`. */
export interface PlumbRoomChangeDetail {
  presenting: boolean;
  /** Index of the view shown while presenting. */
  index: number;
  /** Whether the facilitator has shown real names. */
  revealNames: boolean;
}

/**
 * The calibration room's layout. Its children are the room's views (any element; its title comes
 * from `data-title`, `aria-label` or its first heading). Normally every child shows, laid out by the
 * `stage` part. With `presenting`, the room fills the window (and the screen, on request) with one
 * view at a time under one slim toolbar, in the projector theme, and takes over the nearest
 * `<plumb-data>`: projector type, and names hidden unless the facilitator shows them.
 * Children with `slot="toolbar"` join the toolbar; children with `slot="panel"` (a `<plumb-person-review>`)
 * open in a side panel when a view selects a person, and close with Esc or their close button (which
 * also clears that selection).
 *
 * Keys while presenting: Page Down/Up (what a presenter's clicker sends) and →/← (outside a chart,
 * whose arrow keys are its own) change view, 1–9 jump, Esc stops.
 *
 * @event plumb-room-change - presenting, the view shown, or names revealed changed
 * @csspart toolbar - the presenting toolbar
 * @csspart stage - the box that holds the views
 * @csspart panel - the side panel (the person review)
 * @csspart close - the side panel's close button
 */
export class PlumbRoom extends PlumbElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, slotAssignment: 'manual' };
  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        container-type: normal;
        background: transparent;
      }
      :host([presenting]) {
        position: fixed;
        inset: 0;
        z-index: 2147483000;
        display: flex;
        flex-direction: column;
        background: var(--_bg);
        overflow: hidden;
      }
      ${unsafeCSS(themeCSS('projector', ':host([presenting])'))}
      [part='toolbar'] {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem 0.6rem;
        padding: 0.35rem 0.75rem;
        border-bottom: 1px solid var(--_border);
        background: var(--_surface);
        /* Slim: the toolbar keeps page-sized type while the views take the projector's. */
        font-size: 15px;
        flex: none;
      }
      [part='toolbar'][hidden] {
        display: none;
      }
      button,
      label {
        font: inherit;
        color: var(--_fg);
      }
      button {
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.2rem 0.6rem;
        cursor: pointer;
      }
      button[aria-current='true'] {
        background: var(--_accent);
        border-color: var(--_accent);
        color: var(--_bg);
        font-weight: 600;
      }
      .tabs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      label {
        display: inline-flex;
        gap: 0.35rem;
        align-items: center;
      }
      input {
        width: 1.1em;
        height: 1.1em;
        accent-color: var(--_accent);
      }
      .names {
        font-weight: 600;
      }
      .spacer {
        flex: 1;
      }
      .keys {
        color: var(--_muted);
        font-size: 14px;
      }
      @media (max-width: 1500px) {
        /* Narrow: the toolbar stays one line; the keys are in the tabs' description. */
        .keys {
          display: none;
        }
      }
      [part='stage'] {
        display: block;
      }
      .body {
        display: flex;
        align-items: flex-start;
        gap: 1rem;
      }
      .body > [part='stage'] {
        flex: 1;
        min-width: 0;
      }
      [part='panel'] {
        /* Beside the views, not over them: the room keeps seeing the chart the person came from. */
        flex: 0 0 min(42%, 760px);
        position: sticky;
        top: 0;
        max-height: 100vh;
        overflow: auto;
        border-left: 2px solid var(--_border);
        padding: 0.5rem 0.75rem;
        background: var(--_bg);
      }
      [part='panel'][hidden] {
        display: none;
      }
      .close {
        float: right;
      }
      :host([presenting]) .body {
        flex: 1;
        min-height: 0;
        align-items: stretch;
      }
      :host([presenting]) [part='panel'] {
        max-height: none;
      }
      :host([presenting]) [part='stage'] {
        flex: 1;
        min-height: 0;
        overflow: auto;
        padding: 0.75rem 1.5rem 1rem;
      }
      :host([presenting]) ::slotted(*) {
        min-height: 100%;
      }
    `,
  ];
  protected static override messages = { family: 'room', catalogue: roomMessages };

  /** One view at a time, filling the window, in the projector theme. */
  @property({ type: Boolean, reflect: true }) presenting = false;
  /** Index of the view shown while presenting. */
  @property({ type: Number, reflect: true }) index = 0;
  /** Show real names while presenting (names are hidden by default). */
  @property({ type: Boolean, attribute: 'reveal-names', reflect: true }) revealNames = false;

  /** The side panel (children with `slot="panel"`, e.g. `<plumb-person-review>`) is open. */
  @property({ type: Boolean, attribute: 'panel-open', reflect: true }) panelOpen = false;

  @state() private titles: string[] = [];
  /** The view whose person selection opened the panel (its clause is cleared when the panel closes). */
  private panelSource: Element | null = null;
  /** What had focus before presenting moved it into the toolbar. */
  private returnFocus: HTMLElement | null = null;
  @state() private fullscreen = false;
  /** What `<plumb-data>` had before presenting took it over. */
  private saved: { anonymize: boolean; projector: boolean } | null = null;
  private readonly observer = new MutationObserver(() => this.assign());

  /** The room's views: every child not placed in the toolbar. */
  get views(): HTMLElement[] {
    return [...this.children].filter((c): c is HTMLElement => c instanceof HTMLElement && c.slot !== 'toolbar' && c.slot !== 'panel');
  }

  private get panelChildren(): Element[] {
    return [...this.children].filter((c) => (c as HTMLElement).slot === 'panel');
  }

  /** Close the side panel; the person selection that opened it is cleared, so the views show everyone again. */
  closePanel(): void {
    this.panelOpen = false;
    const source = this.panelSource;
    this.panelSource = null;
    const data = this.data() as (PrivacyHost & { coordinator?: { select(source: Element, clause: null): Promise<void> } }) | null;
    if (source && data?.coordinator) void data.coordinator.select(source, null);
  }

  /** A person chosen in any view (nine-box, a table, a cascade owner) opens the side panel. */
  private readonly onSelect = (event: GlobalEventHandlersEventMap['plumb-select']): void => {
    if (event.detail?.kind !== 'person' || !this.panelChildren.length) return;
    const source = event.composedPath().find((n) => n instanceof Element && this.views.some((v) => v === n || v.contains(n as Node)) && (n as Element).localName.includes('-'));
    if (source && this.panelChildren.some((p) => p === source || p.contains(source as Node))) return;
    this.panelSource = (source as Element | undefined) ?? null;
    this.panelOpen = true;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer.observe(this, { childList: true, attributes: true, attributeFilter: ['slot', 'data-title', 'aria-label'] });
    this.addEventListener('plumb-select', this.onSelect);
    document.addEventListener('keydown', this.onKey);
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer.disconnect();
    this.removeEventListener('plumb-select', this.onSelect);
    document.removeEventListener('keydown', this.onKey);
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    if (this.presenting) this.release();
  }

  /** Present (or stop presenting) starting at view `index`. */
  present(on = true, index = this.index): void {
    this.index = index;
    this.presenting = on;
  }

  /** Show the view `delta` places on (wrapping). */
  step(delta: number): void {
    const n = this.views.length;
    if (n) this.index = (((this.index + delta) % n) + n) % n;
  }

  private stepBy(delta: number): void {
    this.step(delta);
    this.change({});
  }

  /** Ask the browser to fill the screen with the room (presenting it first). */
  async requestFullscreenRoom(): Promise<void> {
    if (!this.presenting) this.change({ presenting: true });
    try {
      await this.requestFullscreen();
    } catch {
      // Refused (not a user gesture, or no Fullscreen API): the room still fills the window.
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const n = this.views.length;
    if (n && (this.index < 0 || this.index >= n)) this.index = Math.max(0, Math.min(n - 1, this.index));
    if (changed.has('presenting')) {
      if (this.presenting) this.takeOver();
      else if (changed.get('presenting') !== undefined) this.release();
    }
    if (changed.has('revealNames') && this.presenting) this.applyNames();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.assign();
    // Entering the room moves focus into its toolbar: the keys work at once, and focus is not left
    // on a control the room now covers.
    if (changed.has('presenting') && this.presenting && !this.contains(document.activeElement)) {
      this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      this.shadowRoot?.querySelector<HTMLElement>('button[aria-current=true]')?.focus();
    } else if (changed.has('presenting') && !this.presenting && changed.get('presenting') === true) {
      // Back where the facilitator started presenting (the toolbar that had focus is hidden now).
      if (document.activeElement === this) this.returnFocus?.focus();
      this.returnFocus = null;
    }
  }

  /** A change the facilitator made (toolbar, keys): applied, then announced. */
  private change(patch: Partial<Pick<PlumbRoom, 'presenting' | 'index' | 'revealNames'>>): void {
    Object.assign(this, patch);
    if (patch.index !== undefined) this.step(0);
    this.emit('plumb-room-change', { presenting: this.presenting, index: this.index, revealNames: this.revealNames });
  }

  private data(): PrivacyHost | null {
    return (this.closest('plumb-data') ?? this.querySelector('plumb-data')) as PrivacyHost | null;
  }

  private takeOver(): void {
    const data = this.data();
    if (!data || this.saved) return;
    this.saved = { anonymize: data.anonymize, projector: data.projector };
    data.projector = true;
    this.applyNames();
  }

  private applyNames(): void {
    const data = this.data();
    if (data && this.saved) data.anonymize = this.saved.anonymize || !this.revealNames;
  }

  private release(): void {
    const data = this.data();
    if (data && this.saved) {
      data.anonymize = this.saved.anonymize;
      data.projector = this.saved.projector;
    }
    this.saved = null;
    if (document.fullscreenElement === this) void document.exitFullscreen().catch(() => undefined);
  }

  /** Slot the children: all of them normally, only the current one while presenting. */
  private assign(): void {
    const root = this.shadowRoot;
    if (!root) return;
    const views = this.views;
    const titles = views.map(
      (v, i) => v.dataset.title ?? v.getAttribute('aria-label') ?? v.querySelector('h1, h2, h3')?.textContent?.trim() ?? String(i + 1),
    );
    if (titles.join('\u0000') !== this.titles.join('\u0000')) this.titles = titles;
    const main = root.querySelector<HTMLSlotElement>('slot:not([name])');
    const toolbar = root.querySelector<HTMLSlotElement>('slot[name=toolbar]');
    main?.assign(...(this.presenting ? views.slice(this.index, this.index + 1) : views));
    toolbar?.assign(...[...this.children].filter((c) => (c as HTMLElement).slot === 'toolbar'));
    root.querySelector<HTMLSlotElement>('slot[name=panel]')?.assign(...(this.panelOpen ? this.panelChildren : []));
  }

  private readonly onFullscreenChange = (): void => {
    this.fullscreen = document.fullscreenElement === this;
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.panelOpen && !this.presenting && !event.defaultPrevented) {
      this.closePanel();
      return;
    }
    if (!this.presenting || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const path = event.composedPath();
    const target = path[0] as HTMLElement | undefined;
    if (target && typesText(target)) return;
    const inView = this.views.some((v) => path.includes(v));
    let handled = true;
    if (event.key === 'PageDown' || (event.key === 'ArrowRight' && !inView)) this.stepBy(1);
    else if (event.key === 'PageUp' || (event.key === 'ArrowLeft' && !inView)) this.stepBy(-1);
    else if (/^[1-9]$/.test(event.key) && Number(event.key) <= this.views.length) this.change({ index: Number(event.key) - 1 });
    else if (event.key === 'Escape' && this.panelOpen) this.closePanel();
    else if (event.key === 'Escape' && !this.fullscreen) this.change({ presenting: false });
    else handled = false;
    if (handled) event.preventDefault();
  };

  private toggleFullscreen(): void {
    if (this.fullscreen) void document.exitFullscreen().catch(() => undefined);
    else void this.requestFullscreenRoom();
  }

  override render() {
    const total = this.titles.length;
    const title = this.titles[this.index] ?? '';
    return html`<div part="toolbar" role="toolbar" aria-label=${this.msg('toolbar.label')} ?hidden=${!this.presenting}>
        <button type="button" part="previous" @click=${() => this.stepBy(-1)} aria-label=${this.msg('previous')} title=${this.msg('previous')}>◀</button>
        <div class="tabs" role="group" aria-label=${this.msg('views.label')} title=${this.msg('keys')}>
          ${this.titles.map(
            (t, i) =>
              html`<button type="button" aria-current=${i === this.index ? 'true' : 'false'} @click=${() => this.change({ index: i })}>
                ${this.fmt.number(i + 1)} ${t}
              </button>`,
          )}
        </div>
        <button type="button" part="next" @click=${() => this.stepBy(1)} aria-label=${this.msg('next')} title=${this.msg('next')}>▶</button>
        <span class="visually-hidden" aria-live="polite">${this.presenting ? `${this.msg('view.position', { n: this.fmt.number(this.index + 1), total: this.fmt.number(total) })}: ${title}` : ''}</span>
        <label class="names">
          <input type="checkbox" role="switch" .checked=${this.revealNames} @change=${(e: Event) => this.change({ revealNames: (e.target as HTMLInputElement).checked })} />
          ${this.msg('names.show')}
        </label>
        <slot name="toolbar"></slot>
        <span class="spacer"></span>
        <span class="keys">${this.msg('keys')}</span>
        <button type="button" @click=${() => this.toggleFullscreen()}>${this.msg(this.fullscreen ? 'fullscreen.exit' : 'fullscreen')}</button>
        <button type="button" part="exit" title=${this.msg('keys')} @click=${() => this.change({ presenting: false })}>${this.msg('exit')} (Esc)</button>
      </div>
      <div class="body">
        <div part="stage"><slot></slot></div>
        <aside part="panel" ?hidden=${!this.panelOpen} aria-label=${this.msg('panel.label')}>
          <button type="button" class="close" part="close" @click=${() => this.closePanel()}>${this.msg('panel.close')}</button>
          <slot name="panel"></slot>
        </aside>
      </div>`;
  }
}

/** Whether keys typed at `el` are text (an arrow or digit there is the field's, not the room's). */
function typesText(el: HTMLElement): boolean {
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes((el as HTMLInputElement).type);
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-room-change': CustomEvent<PlumbRoomChangeDetail>;
  }
}
