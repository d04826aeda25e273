import { css } from 'lit';

export const plumbDataStyles = css`
  :host {
    background: transparent;
  }
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0.5rem 0.75rem;
    margin-block-end: 0.75rem;
  }
  .panel[data-status='error'] {
    border-color: var(--_bad);
  }
  .status {
    margin: 0;
  }
  .filter-banner {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem 1rem;
    margin: 0 0 0.75rem;
    padding: 0.375rem 0.75rem;
    border-inline-start: 4px solid var(--_accent, currentColor);
    background: var(--_surface);
    font-weight: 600;
  }
  .panel[data-status='error'] .status {
    color: var(--_bad);
    font-weight: 600;
  }
  details {
    margin-block-start: 0.5rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  plumb-data-table {
    max-height: 20rem;
    margin-block-start: 0.5rem;
  }
`;
