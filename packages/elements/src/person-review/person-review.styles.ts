import { css } from 'lit';

/**
 * Styles of `<plumb-person-review>`: two columns (evidence | draft) when the element is wide, one
 * otherwise; projector mode is bigger type and thicker lines; the print stylesheet is the review pack
 * on paper (no controls, every section expanded, the draft as text, black on white).
 */
export const personReviewStyles = css`
  :host {
    --_gap: var(--plumb-review-gap, color-mix(in srgb, var(--_muted) 18%, transparent));
    --_blocker: var(--plumb-review-blocker, var(--_bad));
    --_progress: var(--plumb-review-progress, var(--_accent));
    --_confidence: var(--plumb-review-confidence, var(--_fg));
    --_line: var(--plumb-line-width, 1.5px);
    line-height: 1.4;
  }
  :host([data-projector]),
  .page[data-projector='true'] {
    font-size: max(22px, var(--_font-size));
    --_line: 3px;
  }
  .page {
    padding: 0.5rem 1rem 1rem;
  }
  h2 {
    margin: 0.25rem 0;
    font-size: 1.5em;
  }
  h3 {
    margin: 0 0 0.4rem;
    font-size: 1.15em;
  }
  h4 {
    margin: 0.8rem 0 0.3rem;
    font-size: 1em;
  }
  .header dl {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
    margin: 0;
  }
  .header dt {
    display: inline;
    color: var(--_muted);
  }
  .header dt::after {
    content: ': ';
  }
  .header dd {
    display: inline;
    margin: 0;
  }
  .cycle {
    margin: 0.25rem 0;
    color: var(--_muted);
  }
  .ratings-note {
    margin: 0.5rem 0;
    padding: 0.4rem 0.6rem;
    border-left: 4px solid var(--_accent);
    background: var(--_surface);
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1rem;
  }
  @container (min-width: 1100px) {
    .columns {
      grid-template-columns: minmax(0, 58fr) minmax(0, 42fr);
    }
    .draft {
      position: sticky;
      top: 0;
      align-self: start;
      max-height: 100vh;
      overflow: auto;
    }
  }
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem;
    margin-bottom: 1rem;
  }
  .badge {
    display: inline-block;
    margin-left: 0.5rem;
    padding: 0 0.45rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: normal;
    color: var(--_muted);
  }
  .explain,
  .legend,
  .summary,
  .source,
  .point-note {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0.2rem 0;
  }
  ul.krs,
  ul.links,
  ul.quotes,
  ul.checkins,
  .recognitions ul,
  .flags {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .kr {
    padding: 0.35rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .kr-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.8rem;
    align-items: center;
  }
  .bar-track {
    fill: var(--_surface);
    stroke: var(--_border);
  }
  .bar-fill {
    fill: var(--_progress);
  }
  .status::before {
    content: '● ';
  }
  .status[data-status='at-risk']::before {
    content: '▲ ';
    color: var(--_warn);
  }
  .status[data-status='off-track']::before {
    content: '✕ ';
    color: var(--_bad);
  }
  .status[data-status='done']::before {
    content: '✓ ';
    color: var(--_good);
  }
  .item-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.8rem;
    align-items: center;
    font-size: 0.85em;
  }
  .use {
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
  }
  .source code {
    font-size: 0.95em;
  }
  .chart {
    display: block;
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  .gap {
    fill: var(--_gap);
  }
  .blocker-band {
    fill: color-mix(in srgb, var(--_blocker) 12%, transparent);
  }
  .blocker-mark {
    fill: var(--_blocker);
    font-weight: bold;
  }
  .grid {
    stroke: var(--_border);
    stroke-width: 0.5;
  }
  .as-of {
    stroke: var(--_muted);
    stroke-dasharray: 2 3;
  }
  .tick {
    fill: var(--_muted);
    font-size: 10px;
  }
  .progress-line {
    fill: none;
    stroke: var(--_progress);
    stroke-width: calc(var(--_line) * 1.4);
  }
  .confidence-line {
    fill: none;
    stroke: var(--_confidence);
    stroke-width: var(--_line);
    stroke-dasharray: 5 3;
  }
  .point {
    fill: var(--_bg);
    stroke: var(--_confidence);
    stroke-width: var(--_line);
    cursor: pointer;
  }
  .point[data-note='true'] {
    fill: var(--_confidence);
  }
  .point[data-blocked='true'] {
    stroke: var(--_blocker);
  }
  .point[data-other='true'] {
    stroke-dasharray: 2 1;
  }
  .point[data-focused='true'],
  .point:focus-visible {
    stroke: var(--_focus);
    stroke-width: calc(var(--_line) * 2);
    outline: none;
  }
  .milestone {
    fill: var(--_bg);
    stroke: var(--_fg);
    stroke-width: var(--_line);
  }
  .milestone[data-delivered='true'] {
    fill: var(--_fg);
  }
  .sprint {
    fill: none;
    stroke: var(--_muted);
    stroke-width: var(--_line);
  }
  .sprint[data-moved='true'] {
    stroke: var(--_progress);
  }
  .links li,
  .checkins li,
  .quotes li,
  .recognitions li {
    padding: 0.25rem 0;
  }
  .mark {
    display: inline-block;
    width: 1.2em;
    font-weight: bold;
  }
  .groups {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(16em, 1fr));
    gap: 0.75rem;
  }
  .group {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem;
  }
  .group[data-suppressed='true'] .numbers {
    color: var(--_muted);
    font-style: italic;
  }
  blockquote {
    margin: 0.2rem 0 0.1rem;
    padding-left: 0.6rem;
    border-left: 3px solid var(--_border);
  }
  .timing[data-on-time='false'] {
    color: var(--_warn);
  }
  .actions,
  .add {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0.5rem 0;
  }
  button {
    font: inherit;
    padding: 0.25rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    cursor: pointer;
  }
  button.cite {
    padding: 0 0.3rem;
    margin-left: 0.15rem;
    font-size: 0.75em;
    line-height: 1.3;
    border-radius: 999px;
    min-width: 1.5em;
  }
  .prose {
    margin: 0 0 0.4rem;
    line-height: 1.6;
  }
  .sentence[data-origin='edited'] .text,
  .sentence[data-origin='added'] .text {
    /* The manager's own words: underlined, not only tinted. */
    text-decoration: underline dotted var(--_accent);
    text-underline-offset: 0.2em;
  }
  .sentence[data-flagged='true'] .text {
    text-decoration: underline wavy var(--_bad);
  }
  .draft-section h4 {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  button.edit {
    font-size: 0.8em;
    padding: 0 0.4rem;
  }
  .section-editor,
  .add textarea {
    width: 100%;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem;
    resize: vertical;
    field-sizing: content;
  }
  .editor-help,
  .missing {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .missing {
    margin: 0 0 0.75rem;
    font-style: italic;
  }
  .add textarea {
    flex: 1 1 20em;
  }
  .flags li {
    color: var(--_bad);
    font-size: 0.9em;
  }
  .cites {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .links li,
  .checkins li,
  .quotes li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.1rem 0.75rem;
    align-items: baseline;
  }
  .quotes li blockquote {
    flex: 1 1 100%;
  }
  .coverage {
    border-collapse: collapse;
    font-size: 0.9em;
  }
  .coverage caption {
    text-align: left;
    font-weight: bold;
  }
  .coverage th,
  .coverage td {
    padding: 0.1rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    text-align: right;
  }
  .coverage th[scope='row'],
  .coverage th[scope='col']:first-child {
    text-align: left;
  }
  .recency rect {
    fill: var(--_accent);
  }
  .recency rect[data-late='true'] {
    fill: var(--_warn);
  }
  .recency .axis {
    stroke: var(--_border);
  }
  .recency-verdict[data-bunched='true'] {
    color: var(--_warn);
    font-weight: bold;
  }
  .recency-verdict[data-bunched='true']::before {
    content: '⚠ ';
  }
  .error {
    color: var(--_bad);
  }

  /* The review pack on paper: no controls, everything expanded, the draft as text. */
  @media print {
    :host {
      --_fg: #000;
      --_muted: #333;
      --_bg: #fff;
      --_surface: #fff;
      --_border: #888;
      font-size: 11pt;
      color: #000;
      background: #fff;
    }
    .columns {
      display: block;
    }
    .draft {
      position: static;
      max-height: none;
      overflow: visible;
      break-before: page;
    }
    .panel {
      break-inside: avoid-page;
      border-color: #888;
    }
    .kr-timeline {
      break-inside: avoid;
    }
    .actions,
    .add,
    .use,
    .point-note,
    button:not(.cite),
    textarea,
    .all-items {
      display: none !important;
    }
    .cites {
      color: #333;
    }
    button.cite {
      border: none;
      background: none;
      padding: 0 0.2rem;
    }
    details > summary {
      display: none;
    }
    details:not([open]) > *:not(summary) {
      display: block;
    }
  }
`;
