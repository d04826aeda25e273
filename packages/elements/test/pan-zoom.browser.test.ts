import { afterEach, expect, it } from 'vitest';
import { PanZoom, ViewTransform } from '../src/shared/pan-zoom.js';

let svg: SVGSVGElement;
afterEach(() => svg?.remove());

function mount(): { zoom: PanZoom; seen: ViewTransform[]; clicks: number[] } {
  svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', '400');
  svg.setAttribute('height', '300');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '400');
  rect.setAttribute('height', '300');
  svg.append(rect);
  document.body.append(svg);
  const seen: ViewTransform[] = [];
  const clicks: number[] = [];
  rect.addEventListener('click', () => clicks.push(1));
  const zoom = new PanZoom(svg, { scaleExtent: [0.5, 2], onChange: (t) => seen.push(t) });
  return { zoom, seen, clicks };
}

const box = () => svg.getBoundingClientRect();
const pointer = (type: string, x: number, y: number) =>
  new PointerEvent(type, { clientX: box().left + x, clientY: box().top + y, pointerId: 1, button: 0, bubbles: true, isPrimary: true });

it('the wheel zooms about the pointer: the point under it stays put, within the scale extent', () => {
  const { zoom } = mount();
  svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: box().left + 100, clientY: box().top + 50, cancelable: true }));
  const t = zoom.transform;
  expect(t.k).toBeGreaterThan(1);
  // World point (100, 50) was under the pointer at k = 1 and still is.
  expect(t.applyX(100)).toBeCloseTo(100, 6);
  expect(t.applyY(50)).toBeCloseTo(50, 6);
  for (let i = 0; i < 20; i++) svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -500, cancelable: true }));
  expect(zoom.transform.k).toBe(2);
});

it('a drag pans and is not a click; a press without travel still clicks', () => {
  const { zoom, clicks } = mount();
  const rect = svg.querySelector('rect')!;
  rect.dispatchEvent(pointer('pointerdown', 10, 10));
  rect.dispatchEvent(pointer('pointermove', 40, 30));
  rect.dispatchEvent(pointer('pointerup', 40, 30));
  rect.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  expect(zoom.transform.x).toBe(30);
  expect(zoom.transform.y).toBe(20);
  expect(clicks).toEqual([]);
  rect.dispatchEvent(pointer('pointerdown', 10, 10));
  rect.dispatchEvent(pointer('pointerup', 10, 10));
  rect.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  expect(clicks).toEqual([1]);
});

it('scaleBy and translateTo move the view as d3-zoom did, and the transform reads as an SVG attribute', () => {
  const { zoom, seen } = mount();
  zoom.set(ViewTransform.identity.translate(10, 20).scale(1));
  zoom.scaleBy(1.25);
  expect(zoom.transform.k).toBeCloseTo(1.25, 10);
  zoom.translateTo(100, 100);
  expect(zoom.transform.applyX(100)).toBeCloseTo(200, 6); // centre of a 400-wide drawing
  expect(zoom.transform.applyY(100)).toBeCloseTo(150, 6);
  expect(seen.at(-1)!.toString()).toMatch(/^translate\(-?[\d.]+,-?[\d.]+\) scale\(1\.25\)$/);
});
