/**
 * The default draft's code, words and drawing (its sentences, editor and guardrails), loaded the first time a
 * review drafts: the evidence draws without them, and the draft follows (it is written asynchronously anyway).
 */
export {
  draftAssessment, draftCoverage, draftRecency, draftToJson, draftToMarkdown, editSentence, addSentence, removeSentence,
  recheckDraft, managerShare, sentenceWithCitations,
} from '@plumb/core/queries';
export { renderDraftBody } from './draft-panel.js';
export { draftPanelMessages } from './draft-panel.messages.js';
export { draftMessages } from './draft.messages.js';
