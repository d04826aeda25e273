// Screenshots of <plumb-person-review> at real viewport sizes, for a person to look at.
// Usage: node packages/elements/scripts/screenshot-person-review.mjs [outDir]   (SHOTS=prefix for some only)
import { shootPages, shotsOf } from './shoot-pages.mjs';

// name, width, height, query, media, full page
await shootPages('person-review.html', shotsOf([
  ['review-1920', 1920, 1080, 'person=p0005', 'screen', false],
  ['review-1280', 1280, 720, 'person=p0005', 'screen', false],
  ['review-1280-full', 1280, 720, 'person=p0005', 'screen', true],
  ['review-projector-1920', 1920, 1080, 'person=p0005&projector', 'screen', false],
  ['review-projector-1280', 1280, 720, 'person=p0005&projector', 'screen', false],
  ['review-de-anon-1280', 1280, 720, 'person=p0005&anonymize&lang=de', 'screen', true],
  ['review-fr-1920', 1920, 1080, 'person=p0007&lang=fr', 'screen', false],
  ['review-print', 1000, 1400, 'person=p0005', 'print', true],
]), { timeout: 120_000 });
