// Screenshots of the calibration elements at real viewport sizes, for a person to look at.
// Usage: node packages/elements/scripts/screenshot-calibration.mjs [outDir]   (SHOTS=prefix for some only)
import { shootPages, shotsOf } from './shoot-pages.mjs';

await shootPages('calibration.html', shotsOf([
  ['rd-projector-1920', 1920, 1080, 'element=rating-distribution&projector'],
  ['rd-projector-1280', 1280, 720, 'element=rating-distribution&projector'],
  ['rd-projector-anon-before-after-1920', 1920, 1080, 'element=rating-distribution&projector&anonymize&before-after'],
  ['rd-projector-anon-before-after-1280', 1280, 720, 'element=rating-distribution&projector&anonymize&before-after'],
  ['rd-multiples-1280', 1280, 720, 'element=rating-distribution&view=multiples'],
  ['rd-normal-1280', 1280, 900, 'element=rating-distribution'],
  ['nb-projector-1920', 1920, 1080, 'element=nine-box&projector&names-per-box=3'],
  ['nb-projector-1280', 1280, 720, 'element=nine-box&projector&anonymize&stage=calibrated&compare-stage=manager'],
  ['nb-normal-1280', 1280, 900, 'element=nine-box&names-per-box=4'],
  ['sample-rd-projector-1920', 1920, 1080, 'sample=600&element=rating-distribution&projector'],
  ['sample-rd-projector-1280', 1280, 720, 'sample=600&element=rating-distribution&projector&anonymize'],
  ['sample-rd-before-after-1280', 1280, 900, 'sample=600&element=rating-distribution&before-after'],
  ['sample-nb-projector-1920', 1920, 1080, 'sample=600&element=nine-box&projector&stage=calibrated&compare-stage=manager'],
]));
