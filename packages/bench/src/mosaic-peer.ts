/**
 * The peer figure every calibration row is printed beside: Mosaic 0.32 (vgplot) drawing a
 * per-rater histogram of the manager-stage ratings — 50 facets, one per rater, the 50 raters
 * with the most ratings — from the very DuckDB-WASM database Plumb loaded (its own connection
 * through `wasmConnector({duckdb, connection})`), then filtered by department through a
 * Mosaic selection. "Rendered" is when Mosaic's plot has replaced its SVG (it renders in an
 * animation frame after the marks' queries return) and two more frames have painted.
 */
import type { AsyncDuckDB } from '@duckdb/duckdb-wasm';
import { Coordinator, Selection, clausePoint, wasmConnector } from '@uwdata/mosaic-core';
import * as vg from '@uwdata/vgplot';

export interface MosaicPeer {
  /** Create the plot, attach it, resolve when its first SVG has been painted. */
  firstRender(container: HTMLElement): Promise<void>;
  /** Filter to `department`, resolve when the plot has repainted. */
  filter(department: string): Promise<void>;
  destroy(): void;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** Resolve on the next replacement of `el`'s children (Mosaic's plot render), then two frames. */
function repainted(el: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!el.querySelector('svg')) return;
      observer.disconnect();
      void nextFrame().then(resolve);
    });
    observer.observe(el, { childList: true });
  });
}

/** Stage the peer's table (outside the timings: Plumb's timings also start from loaded data). */
export async function mosaicPeer(db: AsyncDuckDB): Promise<MosaicPeer> {
  const connection = await db.connect();
  await connection.query(`CREATE OR REPLACE TABLE mosaic_ratings AS
    SELECT r.rater_id, r.rating, p.department
      FROM ratings r JOIN people p ON p.person_id = r.employee_id
     WHERE r.stage = 'manager' AND r.dimension = 'overall'
       AND r.rater_id IN (SELECT rater_id FROM ratings WHERE stage = 'manager' AND dimension = 'overall'
                           GROUP BY rater_id ORDER BY count(*) DESC, rater_id LIMIT 50)`);
  const coordinator = new Coordinator(wasmConnector({ duckdb: db, connection }));
  const api = vg.createAPIContext({ coordinator });
  const selection = Selection.intersect();
  let plot: HTMLElement | null = null;
  let source: object = {};
  return {
    async firstRender(container) {
      plot = api.plot(
        api.rectY(api.from('mosaic_ratings', { filterBy: selection }), { x: 'rating', y: api.count(), fy: 'rater_id', fill: 'steelblue' }),
        api.width(1200),
        api.height(50 * 22),
        api.fyAxis(null),
      ) as HTMLElement;
      source = plot;
      const done = repainted(plot);
      container.append(plot);
      await done;
    },
    async filter(department) {
      if (!plot) throw new Error('firstRender() first');
      const done = repainted(plot);
      selection.update(clausePoint('department', department, { source }));
      await done;
    },
    destroy() {
      plot?.remove();
      void connection.close();
    },
  };
}
