// Stand-ins for the three views while their elements are being built: a
// table of the numbers the view will draw, filtered by the linked selection.
// (The demo is an embedding app, so it may run its own SQL; Plumb's elements
// never do.) Replaced by <plumb-cascade-tree>, <plumb-confidence-burndown>
// and <plumb-rating-distribution> as soon as those are registered.
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { queryRows, type PlainRow } from '@plumb/core';
import { plumbDataContext, type PlumbDataSource } from '@plumb/elements';
import { linkedSelection, stateView, themeStyles, type DataTableColumn } from '@plumb/elements';

type Kind = 'cascade' | 'burndown' | 'ratings';

const VIEWS: Record<Kind, { caption: string; sql: string; columns: DataTableColumn[] }> = {
  cascade: {
    caption: 'Objectives and key results by level',
    sql: `SELECT o.level, count(DISTINCT o.objective_id) AS objectives, count(k.key_result_id) AS key_results,
            round(avg(k.progress) * 100) AS avg_progress_pct
          FROM objectives o LEFT JOIN key_results k USING (objective_id)
          WHERE ? IS NULL OR o.team_id = ?
          GROUP BY o.level ORDER BY CASE o.level WHEN 'company' THEN 0 WHEN 'team' THEN 1 ELSE 2 END`,
    columns: [
      { key: 'level', label: 'Level' },
      { key: 'objectives', label: 'Objectives', numeric: true },
      { key: 'key_results', label: 'Key results', numeric: true },
      { key: 'avg_progress_pct', label: 'Average progress (%)', numeric: true },
    ],
  },
  burndown: {
    caption: 'Average confidence by week',
    sql: `SELECT strftime(date_trunc('week', c.checked_at), '%Y-%m-%d') AS week, count(*) AS check_ins,
            round(avg(c.confidence), 2) AS avg_confidence,
            count(*) FILTER (WHERE c.confidence < 0.5) AS below_midpoint
          FROM check_ins c JOIN key_results k USING (key_result_id) JOIN objectives o USING (objective_id)
          WHERE ? IS NULL OR o.team_id = ?
          GROUP BY 1 ORDER BY 1`,
    columns: [
      { key: 'week', label: 'Week of' },
      { key: 'check_ins', label: 'Check-ins', numeric: true },
      { key: 'avg_confidence', label: 'Average confidence (0–1)', numeric: true },
      { key: 'below_midpoint', label: 'Below 0.5', numeric: true },
    ],
  },
  ratings: {
    caption: 'Overall ratings by stage',
    sql: `SELECT r.stage, r.rating, count(*) AS people
          FROM ratings r JOIN people p ON p.person_id = r.employee_id
          WHERE r.dimension = 'overall' AND (? IS NULL OR p.team_id = ?)
          GROUP BY ALL ORDER BY r.stage, r.rating`,
    columns: [
      { key: 'stage', label: 'Stage' },
      { key: 'rating', label: 'Rating', numeric: true },
      { key: 'people', label: 'People', numeric: true },
    ],
  },
};

export class DemoPlaceholderView extends LitElement {
  static override styles = [themeStyles];

  @consume({ context: plumbDataContext, subscribe: true }) source: PlumbDataSource | undefined;
  @property() kind: Kind = 'cascade';
  /** Counts under `min-group` shown as "fewer than 5". */
  @property({ type: Boolean }) anonymize = false;
  @property({ type: Number, attribute: 'min-group' }) minGroup = 5;
  @state() private rows: PlainRow[] | null = null;
  @state() private error = '';
  private asked = '';

  protected override updated(): void {
    const source = this.source;
    if (!source?.connector) return;
    const team = linkedSelection(this, source)?.team_id ?? null;
    const key = `${source.version}|${team}|${this.kind}`;
    if (key === this.asked) return;
    this.asked = key;
    queryRows(source.connector, VIEWS[this.kind].sql, [team, team]).then(
      (rows) => {
        if (this.asked === key) [this.rows, this.error] = [rows, ''];
      },
      (error: Error) => {
        if (this.asked === key) [this.rows, this.error] = [null, error.message];
      },
    );
  }

  override render() {
    if (!this.source) return stateView('loading', 'Waiting for data…');
    if (this.error) return stateView('error', `This view could not be computed: ${this.error}`);
    if (!this.rows) return stateView('loading', 'Computing…');
    const view = VIEWS[this.kind];
    const columns = view.columns.map((c) =>
      c.key === 'people' && this.anonymize
        ? { ...c, format: (v: unknown) => (Number(v) < this.minGroup ? `fewer than ${this.minGroup}` : String(v)) }
        : c,
    );
    return html`<plumb-data-table .caption=${view.caption} .columns=${columns} .rows=${this.rows}></plumb-data-table>`;
  }
}
customElements.define('demo-placeholder-view', DemoPlaceholderView);
