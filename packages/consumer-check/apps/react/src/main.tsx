import { StrictMode, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { PlumbData, PlumbNineBox, PlumbRatingDistribution, PlumbSource, type PlumbLoadDetail } from '@plumb/react';
import files from './org-files.json';

declare global {
  interface Window {
    __events: { name: string; detail: unknown }[];
  }
}
window.__events = [];
const record = (name: string, detail: unknown) => window.__events.push({ name, detail });

function App() {
  const data = useRef<HTMLElementTagNameMap['plumb-data']>(null);
  return (
    <PlumbData
      id="org"
      ref={data}
      // Typed detail: these lines only compile when the detail has these fields with these types.
      onLoad={(e) => {
        const detail: PlumbLoadDetail = e.detail;
        const people: number | undefined = detail.report.tables.people;
        record('load', { people, version: detail.version });
      }}
      onSelectionChange={(e) => {
        const team: string | null | undefined = e.detail.clauses.at(-1)?.filter.team_id;
        record('selection-change', { team });
      }}
    >
      {files.map((file) => (
        <PlumbSource key={file} src={`org/${file}`} />
      ))}
      <PlumbRatingDistribution onSelect={(e) => record('select', { id: e.detail?.id })} />
      <PlumbNineBox />
    </PlumbData>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
