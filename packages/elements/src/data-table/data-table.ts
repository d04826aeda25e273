import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import { dataTableStyles } from './data-table.styles.js';

export interface DataTableColumn<Row = Record<string, unknown>> {
  key: string;
  label: string;
  /** Text for a cell; defaults to the value as text. Always text, never HTML. */
  format?: (value: unknown, row: Row) => string;
  numeric?: boolean;
}

/**
 * @summary An accessible table of rows: the text alternative every Plumb chart offers.
 *
 * @csspart table - The `<table>` element.
 * @csspart caption - The caption.
 * @csspart state - The empty-state message.
 *
 * @cssproperty --plumb-color-border - Rule colour between rows.
 */
export class PlumbDataTable extends LitElement {
  static override styles = [themeStyles, dataTableStyles];

  /** Caption read before the table. */
  @property() caption = '';
  @property({ attribute: false }) columns: DataTableColumn<any>[] = [];
  @property({ attribute: false }) rows: readonly Record<string, unknown>[] = [];
  /** Show at most this many rows (a note says how many were left out). */
  @property({ type: Number, attribute: 'max-rows' }) maxRows = 500;

  override render() {
    const columns: DataTableColumn<any>[] = this.columns.length
      ? this.columns
      : Object.keys(this.rows[0] ?? {}).map((key) => ({ key, label: key }));
    if (this.rows.length === 0) return stateView('empty', 'No rows to show.');
    const shown = this.rows.slice(0, this.maxRows);
    return html`<table part="table">
        ${this.caption ? html`<caption part="caption">${this.caption}</caption>` : nothing}
        <thead>
          <tr>
            ${columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (row) =>
              html`<tr>
                ${columns.map((c) => {
                  const v = row[c.key];
                  const text = c.format ? c.format(v, row) : v === null || v === undefined ? '—' : String(v);
                  return html`<td class=${c.numeric ? 'num' : ''}>${text}</td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.rows.length > shown.length
        ? html`<p class="more">${this.rows.length - shown.length} more rows not shown.</p>`
        : nothing}`;
  }
}
