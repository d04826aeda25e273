import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PanZoom, ViewTransform } from '../shared/pan-zoom.js';
import { fitTransform, type FitOptions } from './tidy-fit.js';
import type { TidyLayout, TidySize } from './cascade-layout.js';

/**
 * Pan and zoom of the tidy tree's SVG: binds a `PanZoom` to the drawn SVG, keeps the transform across
 * renders, fits the tree on request (never below the readable scale) and pans a card into view.
 */
export class TidyZoomController implements ReactiveController {
  transform: ViewTransform = ViewTransform.identity;
  private zoom: PanZoom | undefined;
  private svg: SVGSVGElement | null = null;
  private fitPending = true;

  constructor(
    host: ReactiveControllerHost,
    private readonly fitOptions: Omit<FitOptions, 'nodeHeight'> & { zoomMax: number },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.svg = null;
    this.zoom?.destroy();
    this.zoom = undefined;
  }

  get minScale(): number {
    return this.fitOptions.minScale;
  }

  /** The readable scale changed (projector mode reads from further away): refit. */
  setMinScale(k: number): void {
    if (k === this.fitOptions.minScale) return;
    this.fitOptions.minScale = k;
    this.zoom?.destroy();
    this.zoom = undefined;
    this.svg = null; // rebinds with the new extent at the next sync
    this.fitPending = true;
  }

  /** Fit at the next `sync` (a new tree, the layout switched on, the box resized). */
  requestFit(): void {
    this.fitPending = true;
  }

  /** After a render: bind to the SVG drawn now and fit if asked to. `anchor` is the card a big tree opens at. */
  sync(svg: SVGSVGElement | null, layout: TidyLayout | null, size: TidySize, anchor: number): void {
    if (svg !== this.svg) {
      this.zoom?.destroy();
      this.zoom = undefined;
      this.svg = svg;
      if (svg) {
        this.zoom = new PanZoom(svg, {
          // Zooming out stops where the cards' smallest text is still readable; the rest is reached by panning.
          scaleExtent: [this.fitOptions.minScale, this.fitOptions.zoomMax],
          onChange: (transform) => {
            this.transform = transform;
            svg.querySelector('g.zoom-layer')?.setAttribute('transform', transform.toString());
          },
        });
        this.zoom.set(this.transform);
      }
    }
    if (svg && layout && this.fitPending) {
      this.fitPending = false;
      this.fit(layout, size, anchor);
    }
  }

  /** Fit the tree in view (see `fitTransform`); a tree too big opens at card `anchor` (a row index). */
  fit(layout: TidyLayout, size: TidySize, anchor = 0): void {
    const svg = this.svg;
    if (!svg || !this.zoom || !layout.nodes.length) return;
    const node = layout.nodes[anchor] ?? layout.nodes[0]!;
    const t = fitTransform(layout, { width: svg.clientWidth || 800, height: svg.clientHeight || 400 }, node, { ...this.fitOptions, nodeHeight: size.nodeHeight });
    this.zoom.set(new ViewTransform(t.k, t.x, t.y));
  }

  zoomBy(factor: number): void {
    this.zoom?.scaleBy(factor);
  }

  /** Pan (scale kept) so the card at (x, y) is wholly on screen. */
  panTo(node: { x: number; y: number }, size: TidySize): void {
    const svg = this.svg;
    if (!svg || !this.zoom) return;
    const t = this.transform;
    const inView =
      t.applyX(node.x) >= 0 && t.applyY(node.y) >= 0 &&
      t.applyX(node.x + size.nodeWidth) <= svg.clientWidth && t.applyY(node.y + size.nodeHeight) <= svg.clientHeight;
    if (!inView) this.zoom.translateTo(node.x + size.nodeWidth / 2, node.y + size.nodeHeight / 2);
  }

  /** Pan by a screen distance (keyboard panning). */
  panBy(dx: number, dy: number): void {
    const t = this.transform;
    this.zoom?.set(new ViewTransform(t.k, t.x + dx, t.y + dy));
  }
}
