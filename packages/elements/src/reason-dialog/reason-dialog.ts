import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { PlumbElement } from '../view/plumb-element.js';
import { themeStyles } from '../shared/theme.styles.js';
import { reasonDialogMessages } from './reason-dialog.messages.js';

/** What the dialog asks about (labels already shown as the room sees them: pseudonyms under anonymize). */
export interface ReasonRequest {
  /** The person's name or pseudonym. */
  person: string;
  dimension: string;
  /** The ratings, formatted. */
  from: string;
  to: string;
  /** Scale steps of the move (shown when a reason is required). */
  levels: number;
  required: boolean;
  /** A reason to start from (editing). */
  initial?: string;
}

/**
 * @summary The reason for a rating change, asked in a modal dialog: focus stays inside (a native
 * modal `<dialog>` makes the rest of the page inert), Escape or Cancel keeps the rating, labelled
 * by its title and described by the move. `ask()` resolves with the reason ('' when optional and
 * left empty) or null when cancelled.
 *
 * @csspart dialog - The dialog.
 * @csspart reason - The text field.
 * @csspart save - The save button.
 * @csspart cancel - The cancel button.
 */
export class PlumbReasonDialog extends PlumbElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: contents;
      }
      dialog {
        border: 2px solid var(--_fg);
        border-radius: var(--_radius);
        padding: 1.2em 1.4em;
        color: var(--_fg);
        background: var(--_bg);
        font: inherit;
        font-size: var(--_font-size);
        width: min(36em, 92vw);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      h2 {
        margin: 0 0 0.5em;
        font-size: 1.25em;
      }
      p {
        margin: 0 0 0.6em;
      }
      label {
        display: block;
        font-weight: 700;
        margin-bottom: 0.3em;
      }
      textarea {
        width: 100%;
        min-height: 5em;
        font: inherit;
        padding: 0.4em;
        border: 2px solid var(--_border);
        border-radius: var(--_radius);
      }
      .error {
        color: var(--_bad);
        font-weight: 700;
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 0.6em;
        margin-top: 0.8em;
      }
      button {
        font: inherit;
        padding: 0.35em 0.9em;
        border-radius: var(--_radius);
        border: 2px solid var(--_fg);
        background: var(--_bg);
        color: var(--_fg);
        cursor: pointer;
      }
      button[part='save'] {
        background: var(--_fg);
        color: var(--_bg);
      }
    `,
  ];
  protected static override messages = { family: 'reason-dialog', catalogue: reasonDialogMessages };

  @state() private request: ReasonRequest | null = null;
  /** A yes/no question instead of a reason (exporting real ids from an anonymized room). */
  @state() private question: { title: string; message: string; confirm: string } | null = null;
  @state() private showError = false;
  private resolve: ((reason: string | null) => void) | null = null;

  /** True while the dialog is open. */
  get open(): boolean {
    return this.request !== null || this.question !== null;
  }

  /** Ask before an export that carries real ids from an anonymized room. */
  async confirmRealIds(): Promise<boolean> {
    // The words are read now, not at render: wait for a German or French catalogue still on its way.
    await this.i18n.pending();
    return this.confirm({ title: this.msg('export.title'), message: this.msg('export.confirm'), confirm: this.msg('export.go') });
  }

  /** Ask a yes/no question in the same accessible dialog. Resolves true only on the confirm button. */
  async confirm(question: { title: string; message: string; confirm: string }): Promise<boolean> {
    this.resolve?.(null);
    this.request = null;
    this.question = question;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('[part=cancel]')!.focus();
    return new Promise((resolve) => (this.resolve = (answer) => resolve(answer !== null)));
  }

  /** Ask for a reason. Resolves with the text (trimmed), or null when cancelled. */
  async ask(request: ReasonRequest): Promise<string | null> {
    this.resolve?.(null);
    this.request = request;
    this.showError = false;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    const field = this.renderRoot.querySelector('textarea')!;
    field.value = request.initial ?? '';
    if (!dialog.open) dialog.showModal();
    field.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(reason: string | null): void {
    const resolve = this.resolve;
    this.resolve = null;
    this.request = null;
    this.question = null;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    resolve?.(reason);
  }

  private submit(e: Event): void {
    e.preventDefault();
    if (this.question) return this.finish('');
    const text = this.renderRoot.querySelector('textarea')!.value.trim();
    if (this.request?.required && !text) {
      this.showError = true;
      this.renderRoot.querySelector('textarea')!.focus();
      return;
    }
    this.finish(text);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.finish(null);
  }

  override render() {
    const r = this.request;
    const q = this.question;
    if (q) {
      return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="message"
        @cancel=${(e: Event) => {
          e.preventDefault();
          this.finish(null);
        }}>
        <form method="dialog" @submit=${(e: Event) => this.submit(e)}>
          <h2 id="title">${q.title}</h2>
          <p id="message">${q.message}</p>
          <div class="buttons">
            <button type="button" part="cancel" @click=${() => this.finish(null)}>${this.msg('cancel')}</button>
            <button type="submit" part="save">${q.confirm}</button>
          </div>
        </form>
      </dialog>`;
    }
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="move note"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish(null);
      }}>
      <form method="dialog" @submit=${(e: Event) => this.submit(e)}>
        <h2 id="title">${this.msg('title')}</h2>
        ${r
          ? html`<p id="move"><bdi>${this.msg('move', { person: r.person, dimension: r.dimension, from: r.from, to: r.to })}</bdi></p>
              <p id="note">${r.required ? this.msg('required', { levels: this.fmt.integer(r.levels) }) : this.msg('optional')}</p>`
          : nothing}
        <label for="reason">${this.msg('label')}</label>
        <textarea id="reason" part="reason" ?required=${!!r?.required} aria-invalid=${this.showError ? 'true' : 'false'}
          aria-describedby=${this.showError ? 'error' : nothing} placeholder=${this.msg('placeholder')}
          @keydown=${(e: KeyboardEvent) => {
            // Enter saves (Shift+Enter is a new line): a keyboard session needs no mouse here.
            if (e.key === 'Enter' && !e.shiftKey) this.submit(e);
          }}></textarea>
        ${this.showError ? html`<p id="error" class="error" role="alert">${this.msg('error.empty')}</p>` : nothing}
        <div class="buttons">
          <button type="button" part="cancel" @click=${() => this.finish(null)}>${this.msg('cancel')}</button>
          <button type="submit" part="save">${this.msg('save')}</button>
        </div>
      </form>
    </dialog>`;
  }
}
