import { css } from 'lit';

export const calibrationTableStyles = css`
  :host([projector]),
  :host([data-projector]) {
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
  :host([data-projector]) .keys,
  :host([data-projector]) .toolbar [part^='export'] {
    display: none;
  }
  .grid {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .row {
    display: grid;
    /* Team and manager wide enough for a team's name and a pseudonym ("Manager 2E7X"); headers wrap at
       spaces only, so each column is at least as wide as its longest header word ("Führungskraft"). */
    grid-template-columns: minmax(7em, 1.2fr) minmax(5em, 1fr) minmax(9em, 1fr) 6.5em minmax(5.5em, 0.7fr) minmax(7em, 0.9fr) minmax(6em, 1.4fr) 6.5em 4.5em;
    height: var(--_row-height, 2.2em);
    align-items: center;
    border-bottom: 1px solid var(--_border);
  }
  /* Narrower (a 1280 projector's 22px type): the team gives way first, so names and pseudonyms are
     not cut to "Manager 2…" (the filter still finds a team). */
  @container (max-width: 60em) {
    .row {
      grid-template-columns: minmax(8em, 1fr) 0 minmax(9.5em, 1fr) 6.5em minmax(5.5em, 0.6fr) minmax(6.5em, 0.9fr) minmax(4em, 1.4fr) 6.5em 4.5em;
    }
    .row > [data-c='1'] {
      visibility: hidden;
    }
  }
  /* Narrow: team and manager give way (the filter still finds them). */
  @container (max-width: 44em) {
    .row {
      grid-template-columns: minmax(7em, 1.2fr) 0 0 6.5em minmax(5.5em, 0.7fr) minmax(6em, 0.9fr) minmax(6em, 1.4fr) 6.5em 4.5em;
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
    align-items: end;
  }
  /* Headers wrap at spaces rather than cut ("Bewertung / FK"): a cut label is a guess for the room. */
  .head .cell {
    white-space: normal;
    font-size: 0.85em;
    padding-block: 0.2em;
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
  :host([data-projector]) .scroller {
    height: var(--plumb-table-height, min(12em, 50vh));
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
