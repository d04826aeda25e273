import { css } from 'lit';

export const dataTableStyles = css`
  :host {
    overflow: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  th,
  td {
    text-align: start;
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  th {
    background: var(--_surface);
    overflow-wrap: normal; /* headers wrap between words, never inside one */
  }
  .num {
    text-align: end;
  }
  .more {
    color: var(--_muted);
  }
`;
