import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import { dataTableStyles } from './data-table.styles.js';
import { dataTableMessages } from './data-table.messages.js';
import { PlumbElement } from '../view/plumb-element.js';

export interface DataTableColumn<Row = Record<string, unknown>> {
  key: string;
  label: string;
  /** Text for a cell; defaults to the value as text (numbers formatted for the table's locale). Always text, never HTML. */
  format?: (value: unknown, row: Row) => string;
  numeric?: boolean;
  /**
   * Decimals of the value as the table shows it (a share shown as "64 %" has 2; a mean shown as "3.14" has 2).
   * The CSV then holds the number rounded as shown, and the unrounded value in a column of its own.
   */
  digits?: number;
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
export class PlumbDataTable extends PlumbElement {
  static override styles = [themeStyles, dataTableStyles];
  protected static override messages = { family: 'table', catalogue: dataTableMessages };

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
    if (this.rows.length === 0) return stateView('empty', this.msg('table.empty'));
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
                  const text = c.format ? c.format(v, row) : this.cellText(v);
                  return html`<td class=${c.numeric ? 'num' : ''}>${text}</td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.rows.length > shown.length
        ? html`<p class="more">${this.msg('table.more', { n: this.rows.length - shown.length })}</p>`
        : nothing}`;
  }

  /** A cell without a `format`: numbers through Intl for the locale, missing values as a dash, the rest as text. */
  private cellText(value: unknown): string {
    if (value === null || value === undefined) return this.msg('value.none');
    if (typeof value === 'number') return this.fmt.number(value, 2);
    if (typeof value === 'bigint') return this.fmt.integer(Number(value));
    return String(value);
  }
}
