import type { BrowserCommand } from 'vitest/node';
import type { Page } from 'playwright';

/** Emulate a CSS media type in the test page ("print" to check print stylesheets, "screen" to go back). */
export const emulateMedia: BrowserCommand<[media: 'print' | 'screen']> = async (ctx, media) => {
  const page = (ctx as unknown as { page: Page }).page;
  await page.emulateMedia({ media });
};
