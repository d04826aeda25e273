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
