import { css } from 'lit';

export const confidenceBurndownStyles = css`
  :host {
    --_line: var(--plumb-burndown-line-color, var(--_accent));
    --_band: var(--plumb-burndown-band-color, color-mix(in srgb, var(--_accent) 18%, transparent));
    --_threshold: var(--plumb-burndown-threshold-color, var(--_bad));
    --_marker: var(--plumb-burndown-marker-color, var(--_muted));
    --_alert: var(--plumb-burndown-alert-color, var(--_bad));
    position: relative;
  }
  .layout {
    display: grid;
    gap: 12px;
    grid-template-columns: minmax(0, 1fr);
  }
  @container (min-width: 760px) {
    .layout.beside {
      grid-template-columns: minmax(0, 1fr) minmax(220px, 32%);
    }
  }
  .summary {
    margin: 0 0 8px;
    line-height: 1.4;
  }
  .withheld {
    margin: 0 0 8px;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .panels {
    display: grid;
    gap: 12px;
    /* --_columns is set from JS through CSSOM (updated()), never a style attribute: strict CSP. */
    grid-template-columns: repeat(var(--_columns, 1), minmax(0, 1fr));
  }
  .export-stage {
    position: absolute;
    left: -100000px;
    top: 0;
    width: 0;
    height: 0;
    overflow: hidden;
  }
  .panel-title {
    fill: var(--_fg);
    font-weight: 600;
    font-size: 13px;
  }
  .suppressed {
    fill: var(--_muted);
  }
  /* Data text in SVG is isolated like <bdi> in HTML: a right-to-left override stays inside it. */
  .line-label,
  .panel-title {
    unicode-bidi: isolate;
  }
  .root.projector {
    font-size: calc(var(--_font-size) * 1.4);
  }
  .root.projector svg.chart {
    font-size: 16px;
  }
  .root.projector .kr-line {
    stroke-width: 3;
  }
  .root.projector .median {
    stroke-width: 4;
  }
  .root.projector .threshold,
  .root.projector .today {
    stroke-width: 2.5;
  }
  .root.projector .line-label {
    font-size: 15px;
  }
  /* The back row: nothing in the chart under 11 px once projected. */
  .root.projector .alert-count,
  .root.projector .panel-title,
  .root.projector .marker-label {
    font-size: 15px;
  }
  .root.projector .alerts ol {
    max-height: none;
  }
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px 6px 2px;
    background: var(--_bg);
    min-width: 0;
  }
  .panel h3 {
    margin: 0 0 2px 4px;
    font-size: 0.95em;
    font-weight: 600;
  }
  .panel h3 button {
    all: unset;
    cursor: pointer;
    border-bottom: 1px dotted currentColor;
  }
  .panel h3 button:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .panel .sentence {
    margin: 0 0 4px 4px;
    color: var(--_muted);
    font-size: 0.85em;
  }
  svg.swatch {
    display: inline-block;
    overflow: visible;
  }
  svg.chart {
    display: block;
    overflow: visible;
    font-size: 11px;
  }
  svg:focus-visible {
    outline: none;
  }
  .axis text {
    fill: var(--_muted);
  }
  .axis line,
  .grid line {
    stroke: var(--_border);
  }
  .threshold {
    stroke: var(--_threshold);
    stroke-width: 1.5;
    stroke-dasharray: 6 4;
  }
  .threshold-label {
    fill: var(--_threshold);
  }
  .rule-week,
  .today {
    stroke: var(--_marker);
    stroke-dasharray: 2 3;
  }
  .today {
    stroke-dasharray: none;
    stroke-width: 1.5;
  }
  .marker-label {
    fill: var(--_muted);
  }
  .band {
    fill: var(--_band);
  }
  .median {
    fill: none;
    stroke: var(--_line);
    stroke-width: 2.5;
  }
  .expected {
    fill: none;
    stroke: var(--_muted);
    stroke-width: 1.5;
    stroke-dasharray: 4 3;
  }
  .kr-line {
    fill: none;
    stroke: var(--_line);
    stroke-width: 1.75;
    opacity: 0.85;
  }
  .kr-line.at-risk {
    stroke: var(--_alert);
    stroke-dasharray: 5 3;
  }
  .line-label {
    fill: var(--_fg);
    font-size: 11px;
  }
  .point {
    fill: var(--_line);
    stroke: var(--_bg);
    stroke-width: 1;
    cursor: pointer;
  }
  .point.carried {
    fill: var(--_bg);
    stroke: var(--_line);
    stroke-width: 1.5;
  }
  .point:focus-visible,
  .alert-marker:focus-visible {
    outline: none;
    stroke: var(--_focus);
    stroke-width: 3;
  }
  .alert-marker {
    fill: var(--_alert);
    stroke: var(--_bg);
    stroke-width: 1;
    cursor: pointer;
  }
  .alert-count {
    fill: var(--_alert);
    font-size: 10px;
    font-weight: 600;
  }
  .readout {
    min-height: 1.4em;
    margin: 4px 0 0;
    font-size: 0.9em;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    margin: 4px 0;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .legend svg {
    display: inline-block;
    vertical-align: middle;
  }
  [part='alerts'] {
    min-width: 0;
  }
  .alerts h3 {
    margin: 0 0 6px;
    font-size: 1em;
  }
  .alerts ol {
    margin: 0;
    padding: 0;
    list-style: none;
    max-height: 420px;
    overflow: auto;
  }
  .alerts li {
    padding: 6px 4px;
    border-top: 1px solid var(--_border);
    font-size: 0.9em;
  }
  .alerts li[data-active] {
    background: var(--_surface);
  }
  .alerts .rule {
    font-weight: 600;
    color: var(--_alert);
  }
  .alerts .by-rule {
    margin: 0 0 6px;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
  }
  .alerts .by-rule .rule {
    font-weight: 400;
  }
  .alerts h4 {
    margin: 8px 0 4px;
    font-size: 0.9em;
  }
  .alerts .more {
    color: var(--_muted);
    font-size: 0.85em;
  }
  details {
    margin-top: 8px;
  }
`;
