import { css } from 'lit';

/**
 * Tokens every Plumb element reads. Embedders override any `--plumb-*`
 * property on the element or an ancestor; the projector and dark themes are
 * sets of these.
 */
// An element is sized by its container (container-type: its content counts for nothing in its width), so a parent
// that sizes to its content, such as a row of display: flex, would give it none: min-width keeps it readable there.
export const themeStyles = css`
  :host {
    --_fg: var(--plumb-color-text, #1f2328);
    --_muted: var(--plumb-color-muted, #59636e);
    --_bg: var(--plumb-color-background, #ffffff);
    --_surface: var(--plumb-color-surface, #f6f8fa);
    --_border: var(--plumb-color-border, #d1d9e0);
    --_accent: var(--plumb-color-accent, #0969da);
    --_good: var(--plumb-color-good, #1a7f37);
    --_warn: var(--plumb-color-warning, #9a6700);
    --_bad: var(--plumb-color-danger, #cf222e);
    --_focus: var(--plumb-color-focus, #0969da);
    --_font: var(--plumb-font-family, system-ui, -apple-system, 'Segoe UI', 'Liberation Sans', sans-serif);
    --_font-size: var(--plumb-font-size, 14px);
    --_radius: var(--plumb-radius, 4px);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    container-type: inline-size;
    min-width: min(100%, 15rem);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .state {
    padding: 1rem;
    color: var(--_muted);
  }
  .state[data-state='error'] {
    color: var(--_bad);
  }
`;
