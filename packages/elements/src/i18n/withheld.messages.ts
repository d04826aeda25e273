import type { FamilyCatalogue } from './catalogue.js';

/**
 * Why a view's figures are withheld (core's `WithheldReason`): one wording for every view that withholds a
 * whole result, in the `common` family (every element registers it; see `PlumbView.withheldMessage`).
 */
export const withheldMessages: FamilyCatalogue = {
  en: {
    'withheld.person': 'One person is selected; group figures are not shown for a single person.',
    'withheld.department': 'Everyone matching these filters is in a department smaller than {k} people, or nobody matches; nothing is shown.',
    'withheld.too-few': 'Fewer than {k} people match these filters; nothing is shown.',
    'withheld.cut': 'These filters would single out fewer than {k} people by comparison with a broader view; nothing is shown.',
  },
  de: () => import('./withheld.messages.de.js'),
  fr: () => import('./withheld.messages.fr.js'),
};
