import { css } from 'lit';

/** The outline's and the page's styles; the tree layout's and the details panel's come with their chunks. */
export const cascadeTreeStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 20rem;
    --_row-height: 36px;
    --_indent: var(--plumb-cascade-indent, 1.25rem);
    position: relative;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .frame {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    height: 100%;
    min-height: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .toolbar label {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2rem 0.6rem;
    cursor: pointer;
  }
  .segmented button {
    border: 0;
    border-radius: 0;
  }
  .segmented button + button {
    border-inline-start: 1px solid var(--_border);
  }
  .segmented button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_bg);
  }
  select,
  input[type='search'] {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2rem 0.4rem;
  }
  input[type='search'] {
    width: 14rem;
    max-width: 100%;
  }
  .matches {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .summary {
    margin: 0;
    padding: 0.4rem 0.75rem;
    color: var(--_muted);
    font-size: 0.9em;
    border-bottom: 1px solid var(--_border);
  }
  :host([data-projector]) {
    --_row-height: 48px;
    font-size: 1.3em;
  }
  /* Columns in em so they grow with the projected type (statuses in words stay whole; "masqué" fits its column). */
  :host([data-projector]) .row {
    grid-template-columns: minmax(10em, 1fr) minmax(0, 8em) 4.5em 4.4em 8.5em;
  }
  /* Never collapse (a container without an explicit height gave the rows 0 px once details opened). */
  .viewport {
    flex: 1 1 0;
    min-height: var(--plumb-cascade-min-height, 14rem);
    overflow: auto;
    position: relative;
    outline: none;
  }
  .spacer {
    position: relative;
    width: 100%;
  }
  /* Outline rows */
  bdi {
    unicode-bidi: isolate;
  }
  .export-stage {
    position: fixed;
    left: -100000px;
    top: 0;
    pointer-events: none;
  }
  .row {
    position: absolute;
    left: 0;
    right: 0;
    height: var(--_row-height);
    display: grid;
    grid-template-columns: minmax(10rem, 1fr) minmax(0, 9rem) 6rem 3.5rem 7.5rem;
    align-items: center;
    gap: 0.5rem;
    padding-inline-end: 0.75rem;
    border-bottom: 1px solid color-mix(in srgb, var(--_border) 45%, transparent);
    cursor: default;
    white-space: nowrap;
  }
  .row:hover {
    background: color-mix(in srgb, var(--_accent) 6%, transparent);
  }
  .row:focus-visible {
    outline-offset: -3px;
  }
  .row[aria-selected='true'] {
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
    font-weight: 600;
  }
  .row.on-path .name::before {
    content: '';
  }
  .row.on-path {
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  .row.match .title {
    text-decoration: underline;
    text-decoration-thickness: 2px;
    text-decoration-color: var(--_warn);
  }
  .name {
    display: flex;
    align-items: center;
    padding-inline-start: calc((var(--_level, 1) - 1) * var(--_indent));
    min-width: 0;
    gap: 0.3rem;
  }
  .twisty {
    flex: none;
    width: 1.25rem;
    text-align: center;
    color: var(--_muted);
    cursor: pointer;
    user-select: none;
  }
  .kind {
    flex: none;
    color: var(--_muted);
    font-size: 0.8em;
  }
  /* The title keeps some room in a narrow row; counts give way first. */
  .title {
    overflow: hidden;
    text-overflow: ellipsis;
    flex: 0 1 auto;
    min-width: min(6rem, 40%);
  }
  .row.kind-key_result .title {
    font-style: italic;
  }
  .row.kind-group .title {
    font-weight: 600;
  }
  .count {
    flex: 0 100 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_muted);
    font-size: 0.8em;
  }
  .owner {
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_muted);
  }
  .bar {
    display: block;
    height: 0.6rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    overflow: hidden;
  }
  .fill {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
  .bar.no-data {
    background: repeating-linear-gradient(135deg, var(--_bg) 0 4px, var(--_border) 4px 6px);
  }
  .pct {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .pct.no-data,
  .muted {
    color: var(--_muted);
    font-style: italic;
  }
  .status {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .status-done {
    color: var(--_good);
  }
  .status-on-track {
    color: var(--_good);
  }
  .status-at-risk {
    color: var(--_warn);
  }
  .status-off-track {
    color: var(--_bad);
  }
  .status-no-data,
  .status-withheld {
    color: var(--_muted);
  }
  .fill.status-done,
  .fill.status-on-track {
    background: var(--_good);
  }
  .fill.status-at-risk {
    background: var(--_warn);
  }
  .fill.status-off-track {
    background: var(--_bad);
  }
  @container (max-width: 640px) {
    .row {
      grid-template-columns: minmax(8rem, 1fr) 4rem 3rem 1.5rem;
    }
    .row .owner {
      display: none;
    }
    .row .status .label {
      display: none;
    }
  }
  /* Not only inside a card: the outline's export drawing uses the same classes (its bars were black). */
  .barfill {
    fill: var(--_accent);
  }
  .barfill.status-done,
  .barfill.status-on-track {
    fill: var(--_good);
  }
  .barfill.status-at-risk {
    fill: var(--_warn);
  }
  .barfill.status-off-track {
    fill: var(--_bad);
  }
  .diagnostics {
    margin: 0;
    padding: 0.4rem 0.75rem;
    color: var(--_bad);
    border-bottom: 1px solid var(--_border);
    font-size: 0.9em;
  }
  .table-alt {
    flex: none;
    border-top: 1px solid var(--_border);
    max-height: 40%;
    overflow: auto;
    padding: 0.25rem 0.75rem;
  }
  .table-alt summary {
    cursor: pointer;
    color: var(--_muted);
  }
`;
