export { generateSample, MAX_SAMPLE_PEOPLE, COMPANY_OBJECTIVES, COMPANY_KEY_RESULT_IDS } from './generate.js';
export type { SampleOptions, SampleOrganisation, SampleCycle, RaterBias, ConfidencePath, DeliveryPattern, RecognitionTiming, SampleBlocker } from './generate.js';
export { sampleRows, DEFAULT_BATCH_ROWS } from './batch.js';
export type { SampleBatch, SampleColumn, SampleTable } from './batch.js';
export { batchToArrow } from './arrow.js';
export { loadSample } from './load.js';
export type { LoadSampleOptions, LoadSampleResult } from './load.js';
export { sampleTableToText } from './text.js';
export type { SampleTextFormat } from './text.js';
