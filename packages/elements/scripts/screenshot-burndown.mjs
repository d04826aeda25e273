// Screenshots of <plumb-confidence-burndown> at room sizes (1920×1080, 1280×720), projector mode and
// German/French, for a person to look at. Usage: node packages/elements/scripts/screenshot-burndown.mjs [outDir]
import { shootPages, shotsOf } from './shoot-pages.mjs';

const rows = [];
for (const [w, h] of [[1920, 1080], [1280, 720]]) {
  rows.push(
    [`bd-team-projector-${w}`, w, h, 'by=key_result&small-team&projector'],
    [`bd-team-projector-de-${w}`, w, h, 'by=key_result&small-team&projector&lang=de'],
    [`bd-org-${w}`, w, h, 'by=cycle'],
    [`bd-departments-fr-${w}`, w, h, 'by=department&lang=fr'],
    [`bd-teams-anon-projector-de-${w}`, w, h, 'by=team&anonymize&projector&lang=de&display=band'],
  );
}
await shootPages('burndown.html', shotsOf(rows), { timeout: 120_000 });
