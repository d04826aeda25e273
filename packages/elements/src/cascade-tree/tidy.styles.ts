import { css } from 'lit';

/** The tidy tree's styles: adopted with its code (see tidy.ts), the outline needs none of them. */
export const tidyStyles = css`
  /* The drawing above, its zoom buttons in a strip of their own below (over the drawing they hid cards). */
  .viewport.tidy-viewport {
    overflow: hidden;
    display: flex;
    flex-direction: column;
  }
  .tidy-canvas {
    position: relative;
    flex: 1 1 0;
    min-height: 0;
  }
  .card text {
    unicode-bidi: isolate;
  }
  /* Absolutely placed in the viewport: a percentage height inside the flex column never resolved and the
     SVG fell back to its default 150 px, a strip with the rest of the box blank. */
  svg.tidy {
    display: block;
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    cursor: grab;
    touch-action: none;
  }
  svg.tidy:active {
    cursor: grabbing;
  }
  .link {
    fill: none;
    stroke: var(--_border);
    stroke-width: 1.5px;
  }
  .link.on-path {
    stroke: var(--_accent);
    stroke-width: 3px;
  }
  .card rect.box {
    fill: var(--_bg);
    stroke: var(--_border);
    stroke-width: 1px;
  }
  .card.kind-key_result rect.box {
    fill: var(--_surface);
    stroke-dasharray: 4 2;
  }
  .card.kind-group rect.box {
    fill: var(--_surface);
  }
  .card.on-path rect.box {
    stroke: var(--_accent);
    stroke-width: 2px;
  }
  .card[aria-selected='true'] rect.box {
    stroke: var(--_accent);
    stroke-width: 3px;
  }
  .card.match rect.box {
    stroke: var(--_warn);
    stroke-width: 2px;
  }
  .card:focus {
    outline: none;
  }
  .card:focus-visible rect.box {
    stroke: var(--_focus);
    stroke-width: 4px;
  }
  .card text {
    fill: var(--_fg);
    font-size: 12px;
  }
  .card text.sub {
    fill: var(--_muted);
    font-size: 11px;
  }
  .card .barbg {
    fill: var(--_bg);
    stroke: var(--_border);
  }
  .card .barbg.no-data {
    fill: url(#plumb-no-data);
  }
  .card text.status-done,
  .card text.status-on-track {
    fill: var(--_good);
  }
  .card text.status-at-risk {
    fill: var(--_warn);
  }
  .card text.status-off-track {
    fill: var(--_bad);
  }
  .card .toggle {
    cursor: pointer;
  }
  .card .toggle circle {
    fill: var(--_bg);
    stroke: var(--_muted);
  }
  .zoom-controls {
    flex: none;
    align-self: flex-end;
    padding: 0.25rem 0.5rem;
    display: flex;
    gap: 0.25rem;
  }
`;
