import { css } from 'lit';

export const ratingDistributionStyles = css`
  :host {
    --_stroke: var(--plumb-mark-stroke, 1.5px);
    --_hatch: var(--plumb-color-guideline, #111);
  }
  :host([data-projector]) {
    --_fg: var(--plumb-color-text, #000);
    --_muted: var(--plumb-color-muted, #222);
    --_bg: var(--plumb-color-background, #fff);
    --_border: var(--plumb-color-border, #555);
    --_font-size: var(--plumb-font-size, 26px);
    --_stroke: var(--plumb-mark-stroke, 4px);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: end;
    margin-bottom: 0.5em;
  }
  :host([data-projector]) .toolbar {
    font-size: 16px;
  }
  .toolbar label {
    display: flex;
    flex-direction: column;
    font-size: 0.85em;
    color: var(--_muted);
  }
  select,
  button {
    font: inherit;
    font-size: 0.95em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2em 0.5em;
  }
  button[aria-pressed='true'] {
    background: var(--_fg);
    color: var(--_bg);
  }
  .toggles {
    display: flex;
    gap: 0.25em;
  }
  .summary {
    margin: 0.25em 0 0.75em;
    max-width: 80ch;
    line-height: 1.4;
  }
  :host([data-projector]) .summary {
    max-width: none;
    font-weight: 600;
  }
  svg {
    display: block;
    overflow: visible;
    font-family: var(--_font);
  }
  svg text {
    fill: var(--_fg);
  }
  .row:focus {
    outline: none;
  }
  .row:focus-visible .row-bg,
  .cell:focus-visible .row-bg {
    stroke: var(--_focus);
    stroke-width: 3px;
    fill: none;
  }
  .row:hover .row-bg {
    fill: var(--_surface);
  }
  .row.selected .row-bg {
    fill: var(--_surface);
    stroke: var(--_fg);
  }
  .segment {
    cursor: pointer;
    stroke: var(--_bg);
    stroke-width: 1px;
  }
  :host([data-projector]) .segment {
    stroke-width: 2px;
  }
  .axis line,
  .zero {
    stroke: var(--_fg);
    stroke-width: var(--_stroke);
  }
  .grid {
    stroke: var(--_border);
    stroke-width: 1px;
  }
  .guideline {
    stroke: var(--_hatch);
    stroke-width: var(--_stroke);
    stroke-dasharray: 6 4;
  }
  .interval {
    stroke: var(--_fg);
    stroke-width: var(--_stroke);
    stroke-linecap: round;
  }
  .point {
    stroke: var(--_bg);
    stroke-width: 1.5px;
    fill: var(--_fg);
  }
  .point.lenient {
    fill: var(--plumb-color-lenient, #3f007d);
  }
  .point.severe {
    fill: var(--plumb-color-severe, #a63603);
  }
  .muted {
    fill: var(--_muted) !important;
  }
  .flag {
    font-weight: 700;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em 1.2em;
    margin: 0.5em 0;
    font-size: 0.9em;
  }
  .legend .swatch {
    display: inline-block;
    width: 1em;
    height: 1em;
    vertical-align: -0.15em;
    margin-right: 0.3em;
  }
  .legend .swatch rect {
    stroke: var(--_border);
    stroke-width: 1px;
  }
  .legend .guideline-key {
    display: inline-block; /* the charts' svg rule makes every svg a block: the key stays beside its words */
    vertical-align: -0.2em;
  }
  .impact h3 {
    font-size: 1em;
    margin: 1em 0 0.3em;
  }
  details {
    margin-top: 0.75em;
  }
  .more {
    color: var(--_muted);
    font-size: 0.9em;
  }
  /* On a projector the rows carry the message; the key and notes stay readable but small, so the chart fits. */
  :host([data-projector]) .legend,
  :host([data-projector]) .more,
  :host([data-projector]) details > summary {
    font-size: 18px;
  }
  :host([data-projector]) .more {
    margin: 0.2em 0;
  }
`;
