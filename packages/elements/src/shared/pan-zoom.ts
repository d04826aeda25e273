/**
 * Pan and zoom for an SVG drawing, in the little a Plumb chart needs: drag (mouse, pen, one finger)
 * pans, the wheel and a two-finger pinch zoom about the pointer, and code sets, scales or centres the
 * view. It replaces d3-zoom (with d3-selection, -transition, -drag, -interpolate, -timer: about
 * 12 kB gzipped of the elements bundle) with the same transform model and the same `transform`
 * attribute text, `translate(x,y) scale(k)`.
 */

/** A view transform: screen = world × k + (x, y). Immutable, like d3-zoom's ZoomTransform. */
export class ViewTransform {
  constructor(
    readonly k: number,
    readonly x: number,
    readonly y: number,
  ) {}

  static readonly identity = new ViewTransform(1, 0, 0);

  applyX(x: number): number {
    return x * this.k + this.x;
  }
  applyY(y: number): number {
    return y * this.k + this.y;
  }
  translate(dx: number, dy: number): ViewTransform {
    return new ViewTransform(this.k, this.x + this.k * dx, this.y + this.k * dy);
  }
  scale(factor: number): ViewTransform {
    return new ViewTransform(this.k * factor, this.x, this.y);
  }
  toString(): string {
    return `translate(${this.x},${this.y}) scale(${this.k})`;
  }
}

export interface PanZoomOptions {
  /** Smallest and largest scale. */
  scaleExtent: readonly [number, number];
  /** Called with every new transform (drag, wheel, pinch or code). */
  onChange: (transform: ViewTransform) => void;
}

/** Pointer travel (px) below which a press is a click, not a drag (so clicks on nodes still select). */
const CLICK_SLOP = 3;

export class PanZoom {
  private current = ViewTransform.identity;
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private dragged = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly options: PanZoomOptions,
  ) {
    const signal = this.abort.signal;
    svg.addEventListener('wheel', this.onWheel, { passive: false, signal });
    svg.addEventListener('pointerdown', this.onPointerDown, { signal });
    svg.addEventListener('pointermove', this.onPointerMove, { signal });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const)
      svg.addEventListener(type, this.onPointerUp, { signal });
    // A drag that ends on a node is not a click on it.
    svg.addEventListener('click', (e) => this.dragged && (e.stopPropagation(), (this.dragged = false)), { capture: true, signal });
    svg.style.touchAction = 'none';
  }

  get transform(): ViewTransform {
    return this.current;
  }

  /** Set the transform (the scale clamped to the extent). */
  set(transform: ViewTransform): void {
    const [min, max] = this.options.scaleExtent;
    const k = Math.min(max, Math.max(min, transform.k));
    this.current = k === transform.k ? transform : new ViewTransform(k, transform.x, transform.y);
    this.options.onChange(this.current);
  }

  /** Scale by `factor` about a screen point (default: the drawing's centre). */
  scaleBy(factor: number, at: { x: number; y: number } = this.centre()): void {
    const [min, max] = this.options.scaleExtent;
    const t = this.current;
    const k = Math.min(max, Math.max(min, t.k * factor));
    // Keep the world point under `at` where it is.
    const wx = (at.x - t.x) / t.k;
    const wy = (at.y - t.y) / t.k;
    this.set(new ViewTransform(k, at.x - wx * k, at.y - wy * k));
  }

  /** Pan so the world point (x, y) sits at the drawing's centre. */
  translateTo(x: number, y: number): void {
    const c = this.centre();
    const t = this.current;
    this.set(new ViewTransform(t.k, c.x - x * t.k, c.y - y * t.k));
  }

  /** Stop listening (the element is leaving or drawing another SVG). */
  destroy(): void {
    this.abort.abort();
  }

  private centre(): { x: number; y: number } {
    return { x: this.svg.clientWidth / 2, y: this.svg.clientHeight / 2 };
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = this.svg.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private readonly onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
    this.scaleBy(2 ** (-e.deltaY * unit * (e.ctrlKey ? 5 : 1)), this.local(e));
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || (e.target as Element).closest?.('button, a, input, select')) return;
    this.pointers.set(e.pointerId, this.local(e));
    this.dragged = false;
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const last = this.pointers.get(e.pointerId);
    if (!last) return;
    const now = this.local(e);
    if (this.pointers.size === 1) {
      const dx = now.x - last.x;
      const dy = now.y - last.y;
      if (!this.dragged && Math.hypot(dx, dy) < CLICK_SLOP) return;
      if (!this.dragged) this.svg.setPointerCapture?.(e.pointerId);
      this.dragged = true;
      const t = this.current;
      this.set(new ViewTransform(t.k, t.x + dx, t.y + dy));
    } else {
      // Pinch: scale by the change in distance between two pointers, about their midpoint.
      const [a, b] = [...this.pointers.entries()].map(([id, p]) => (id === e.pointerId ? now : p));
      const [a0, b0] = [...this.pointers.values()];
      const before = Math.hypot(a0!.x - b0!.x, a0!.y - b0!.y);
      const after = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      if (before > 0) this.scaleBy(after / before, { x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 });
      this.dragged = true;
    }
    this.pointers.set(e.pointerId, now);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    this.pointers.delete(e.pointerId);
  };
}
