import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocalizeController, type FamilyCatalogue } from '@plumb/elements';
import '@plumb/elements';

/** The session area's own strings (the elements bring theirs). */
const sessionAreaMessages: FamilyCatalogue = {
  en: {
    title: 'Calibration session',
    blurb: 'Change ratings in the nine-box or the table; every change is saved in this browser with its reason, and can be undone.',
    open: 'Start the calibration session',
    opening: 'Opening the session…',
    'table.title': 'Everyone in scope',
    'log.title': 'Changes',
  },
  de: {
    title: 'Kalibrierungssitzung',
    blurb: 'Bewertungen im Raster oder in der Tabelle ändern; jede Änderung wird mit Begründung in diesem Browser gespeichert und kann rückgängig gemacht werden.',
    open: 'Kalibrierungssitzung beginnen',
    opening: 'Sitzung wird geöffnet …',
    'table.title': 'Alle im Umfang',
    'log.title': 'Änderungen',
  },
  fr: {
    title: 'Session de calibrage',
    blurb: 'Changez les notes dans la grille ou le tableau ; chaque changement est enregistré dans ce navigateur avec son motif, et peut être annulé.',
    open: 'Commencer la session de calibrage',
    opening: 'Ouverture de la session…',
    'table.title': 'Toutes les personnes du périmètre',
    'log.title': 'Changements',
  },
};

interface SessionHost extends Element {
  session?: { open(options: { cycle: string | null }): Promise<unknown>; readonly session: unknown } | null;
}

/**
 * The room's "Session" area: the calibration table and the session log, and the button that opens
 * (or resumes) the session of the `<plumb-data>` around it. Self-contained, so the room's layout can
 * move it anywhere.
 */
export class DemoSessionArea extends LitElement {
  @property({ type: Boolean }) anonymize = false;
  @state() private opening = false;
  @state() private error = '';
  private readonly i18n = new LocalizeController(this, 'demo-session', sessionAreaMessages);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get data(): SessionHost | null {
    return this.closest('plumb-data') as SessionHost | null;
  }

  /** Open (or resume, after a reload) the session of the cycle the table shows. */
  async open(): Promise<void> {
    const session = this.data?.session;
    const table = this.querySelector('plumb-calibration-table');
    if (!session || !table) return;
    this.opening = true;
    this.error = '';
    try {
      await table.settled();
      await session.open({ cycle: table.result?.cycle ?? null });
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.opening = false;
    }
  }

  protected override willUpdate(): void {
    // <plumb-room> names its views by `data-title` (the presenting toolbar lists them).
    this.dataset.title = this.i18n.msg('title');
  }

  override render() {
    const msg = (key: string) => this.i18n.msg(key);
    const open = !!this.data?.session?.session;
    return html`<article class="view view-session" aria-labelledby="title-session">
      <header>
        <div>
          <h2 id="title-session">${msg('title')}</h2>
          <p class="blurb">${msg('blurb')}</p>
        </div>
        ${open
          ? nothing
          : html`<button type="button" class="session-open" ?disabled=${this.opening} @click=${() => this.open()}>${this.opening ? msg('opening') : msg('open')}</button>`}
      </header>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <div class="session-grid">
        <section aria-label=${msg('table.title')}>
          <plumb-calibration-table data-view="session-table" ?anonymize=${this.anonymize}></plumb-calibration-table>
        </section>
        <section aria-label=${msg('log.title')}>
          <plumb-session-log data-view="session-log" ?anonymize=${this.anonymize}></plumb-session-log>
        </section>
      </div>
    </article>`;
  }
}

if (!customElements.get('demo-session-area')) customElements.define('demo-session-area', DemoSessionArea);
