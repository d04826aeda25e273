/**
 * The default draft's code and words, loaded the first time a review drafts: the evidence draws without them,
 * and the draft follows (it is written asynchronously anyway).
 */
export {
  draftAssessment, draftCoverage, draftRecency, draftToJson, draftToMarkdown, editSentence, addSentence, removeSentence,
  recheckDraft, managerShare, sentenceWithCitations, DRAFT_SECTIONS,
} from '@plumb/core/queries';
export { draftMessages } from './draft.messages.js';
