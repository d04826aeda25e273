import { css } from 'lit';

export const calibrationTableStyles = css`
  :host([projector]) {
    --_fg: var(--plumb-color-text, #000);
    --_muted: var(--plumb-color-muted, #222);
    --_border: var(--plumb-color-border, #000);
    --_font-size: var(--plumb-font-size, 22px);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: end;
    margin-bottom: 0.4em;
  }
  .toolbar label {
    display: flex;
    flex-direction: column;
    font-size: 0.85em;
    color: var(--_muted);
  }
  input,
  select,
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2em 0.4em;
  }
  button {
    cursor: pointer;
  }
  .summary {
    margin: 0 0 0.3em;
  }
  .keys {
    margin: 0 0 0.4em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  :host([projector]) .keys {
    display: none;
  }
  .grid {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .row {
    display: grid;
    grid-template-columns: minmax(7em, 1.4fr) minmax(5em, 1fr) minmax(6em, 1fr) 6em minmax(7em, 1fr) minmax(7em, 1fr) minmax(8em, 2fr) 7em 6em;
    height: var(--_row-height, 2.2em);
    align-items: center;
    border-bottom: 1px solid var(--_border);
  }
  @container (max-width: 1100px) {
    .row {
      grid-template-columns: minmax(7em, 1.4fr) 0 0 4.5em minmax(6em, 1fr) minmax(6em, 1fr) minmax(6em, 1.6fr) 6.5em 4.5em;
    }
    .row > [data-c='1'],
    .row > [data-c='2'] {
      visibility: hidden;
    }
  }
  .head .row {
    font-weight: 700;
    background: var(--_surface);
    height: auto;
    min-height: 2.2em;
  }
  .head button {
    border: 0;
    background: none;
    font-weight: 700;
    padding: 0;
    text-align: start;
    width: 100%;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .cell {
    padding: 0 0.4em;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .cell.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .cell:focus,
  .cell:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  .scroller {
    overflow-y: auto;
    height: var(--plumb-table-height, 24em);
    contain: strict;
  }
  :host([projector]) .scroller {
    height: var(--plumb-table-height, 12em);
  }
  .body {
    position: relative;
  }
  .row[data-changed] {
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
  }
  s {
    color: var(--_muted);
  }
  .to {
    font-weight: 700;
  }
  .flag {
    font-size: 0.9em;
    margin-inline-end: 0.4em;
  }
  .flag[data-flag='big-move'] {
    color: var(--_warn);
    font-weight: 700;
  }
  .flag[data-flag='no-reason'] {
    color: var(--_bad);
  }
  .muted {
    color: var(--_muted);
  }
`;
