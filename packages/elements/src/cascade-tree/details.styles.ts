import { css } from 'lit';

/** The details panel's styles: adopted with its code (see details.ts). */
export const detailsStyles = css`
  .details {
    flex: none;
    border-top: 1px solid var(--_border);
    padding: 0.5rem 0.75rem;
    max-height: 40%;
    overflow: auto;
    font-size: 0.9em;
  }
  .details h3 {
    font-size: 1em;
    margin: 0 0 0.25rem;
    overflow-wrap: anywhere;
  }
  .details p {
    margin: 0.25rem 0;
  }
  .details ul {
    margin: 0.25rem 0;
    padding-inline-start: 1.25rem;
  }
  .details li {
    overflow-wrap: anywhere;
  }
  :host([data-projector]) .details {
    max-height: 30%;
  }
  .recognitions {
    margin: 0.25rem 0;
    padding-inline-start: 1.25rem;
  }
`;
