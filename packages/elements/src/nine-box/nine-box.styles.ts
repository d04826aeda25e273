import { css } from 'lit';

// A box's name is never cut: in a narrow box (projected, beside another view) it gets smaller to fit its longest word
// ("Leistungsträger": `.name`'s font-size in container units of `.box`, never under 8px), and a word still too wide
// breaks, hyphenated where the browser can.
export const nineBoxStyles = css`
  :host([data-projector]) {
    --_fg: var(--plumb-color-text, #000);
    --_muted: var(--plumb-color-muted, #222);
    --_border: var(--plumb-color-border, #000);
    --_font-size: var(--plumb-font-size, 26px);
  }
  .frame {
    display: grid;
    grid-template-columns: auto 1fr;
    grid-template-rows: 1fr auto;
    gap: 0.4em;
  }
  .y-title {
    writing-mode: vertical-rl;
    transform: rotate(180deg);
    text-align: center;
    font-weight: 700;
  }
  .x-title {
    grid-column: 2;
    text-align: center;
    font-weight: 700;
  }
  .grid {
    display: grid;
    grid-template-rows: repeat(3, minmax(4em, auto));
    gap: 4px;
  }
  .grid [role='row'] {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 4px;
  }
  .box {
    position: relative;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4em 0.6em;
    background: var(--_bg);
    cursor: pointer;
    min-width: 0;
    overflow: hidden;
    container-type: inline-size;
  }
  :host([data-projector]) .box {
    border-width: 4px;
  }
  .box[data-tone='high'] {
    background: color-mix(in srgb, var(--plumb-color-box-high, #6a51a3) 14%, var(--_bg));
  }
  .box[data-tone='low'] {
    background: color-mix(in srgb, var(--plumb-color-box-low, #e08214) 14%, var(--_bg));
  }
  .box[aria-selected='true'] {
    outline: 4px solid var(--_fg);
    outline-offset: -4px;
  }
  .box:focus-visible {
    outline: 4px solid var(--_focus);
    outline-offset: -4px;
  }
  .box[data-target] {
    outline: 5px dashed var(--_accent);
    outline-offset: -5px;
  }
  .box[data-target]::after {
    content: '⬇';
    position: absolute;
    inset-block-start: 0.2em;
    inset-inline-end: 0.4em;
    font-size: 1.2em;
  }
  .person[aria-pressed='true'] {
    outline: 3px dashed var(--_fg);
    font-weight: 700;
  }
  .moving {
    margin: 0.4em 0 0;
    font-weight: 700;
  }
  .name {
    font-weight: 700;
    font-size: min(0.9em, max(10cqi, 8px));
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  .count {
    font-size: 1.8em;
    font-weight: 700;
    line-height: 1.1;
  }
  .share,
  .delta,
  .people {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .people {
    margin: 0.2em 0 0;
    padding: 0;
    list-style: none;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* On a projector the name and "+ N more" share a line, so the grid fits a 720-pixel screen. */
  :host([data-projector]) .people li {
    display: inline;
  }
  :host([data-projector]) .people li + li::before {
    content: ' · ';
  }
  .people li {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .bar {
    display: block;
    width: 100%;
    height: 0.4em;
    margin-top: 0.2em;
  }
  .bar rect {
    fill: var(--_fg);
  }
  .person {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: start;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    text-decoration: underline dotted;
  }
  .person:focus-visible {
    outline: 2px solid var(--_focus);
  }
  .suppressed {
    font-style: italic;
    color: var(--_muted);
  }
  .axis {
    display: flex;
    justify-content: space-around;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .y-axis {
    display: grid;
    grid-template-rows: repeat(3, 1fr);
    align-items: center;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .plot {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.4em;
  }
  .summary {
    margin: 0 0 0.75em;
    max-width: 80ch;
  }
  details {
    margin-top: 0.75em;
  }
`;
