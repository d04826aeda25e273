// Screenshots of <plumb-data>'s mapping report at real viewport sizes, for a person to look at.
// Usage: node packages/elements/scripts/screenshot-load-report.mjs [outDir]   (SHOTS=prefix for some only)
import { shootPages, shotsOf } from './shoot-pages.mjs';

await shootPages('load-report.html', shotsOf([
  ['load-report-1920', 1920, 1080, 'tool=perdoo'],
  ['load-report-1280', 1280, 720, 'tool=tability'],
  ['load-report-projector-1920', 1920, 1080, 'tool=perdoo&projector'],
  ['load-report-de-1280', 1280, 720, 'tool=lattice&lang=de'],
  ['load-report-fr-1280', 1280, 720, 'tool=perdoo&lang=fr'],
  ['load-report-question-fr-1280', 1280, 720, 'tool=quantive&lang=fr'],
  ['load-report-question-de-1920', 1920, 1080, 'tool=quantive&lang=de'],
]));
