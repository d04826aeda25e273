#!/usr/bin/env node
// `pnpm new-view <name>`: adds a view to Plumb — a named query in core, an element folder, a story
// and their tests — and registers them (core's NAMED_QUERIES and barrel, the elements' barrel). The
// view it writes already works end to end (people per department, withheld under min-group); you
// then fill in six files: the query, its test, the layout, its test, the element and its messages (German and
// French beside them, loaded on demand).
// `--root DIR` writes into another checkout (the scaffold's own test uses a scratch copy).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag >= 0 ? resolve(args[rootFlag + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const name = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--root')[0];

if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
  console.error('usage: pnpm new-view <name>   (kebab-case, e.g. "goal-health"; the element is <plumb-<name>>)');
  process.exit(2);
}

const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const Pascal = camel[0].toUpperCase() + camel.slice(1);
const tag = `plumb-${name}`;
const Class = `Plumb${Pascal}`;

/** The files the view owns: path → contents. The first six are the ones to fill in. */
const files = {
  [`packages/core/src/${name}/query.ts`]: `import type { Connector } from '../connector.js';
import { DEFAULT_MIN_GROUP, type NamedQueryOptions } from '../queries/options.js';
import { queryRows } from '../connector.js';

/** Options of the \`${name}\` query: the shared vocabulary, plus this view's own. */
export interface ${Pascal}Options extends NamedQueryOptions {}

export interface ${Pascal}Row {
  department: string;
  /** null when the group is under min-group (withheld, never "no data"). */
  people: number | null;
}

export interface ${Pascal}Result {
  rows: ${Pascal}Row[];
  minGroup: number;
}

/** People per department, groups under min-group withheld. Values reach SQL as parameters only. */
export async function ${camel}(connector: Connector, options: ${Pascal}Options): Promise<${Pascal}Result> {
  const minGroup = options.minGroup ?? DEFAULT_MIN_GROUP;
  const rows = await queryRows<{ department: string; people: number }>(
    connector,
    \`SELECT coalesce(department, '') AS department, count(*)::INTEGER AS people
       FROM people
      WHERE (? IS NULL OR department = ?) AND (? IS NULL OR level = ?)
      GROUP BY ALL ORDER BY people DESC, department\`,
    [options.department ?? null, options.department ?? null, options.level ?? null, options.level ?? null],
  );
  return { rows: rows.map((r) => ({ department: r.department, people: r.people >= minGroup ? r.people : null })), minGroup };
}
`,
  [`packages/core/test/${name}/query.test.ts`]: `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { insertRows } from '../../src/insert.js';
import { createSchema } from '../../src/database.js';
import { ${camel}Query } from '../../src/${name}/named.js';

describe('${name} query', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
    await createSchema(db);
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ person_id: \`s\${i}\`, name: \`S \${i}\`, department: 'Sales' })),
      ...Array.from({ length: 2 }, (_, i) => ({ person_id: \`e\${i}\`, name: \`E \${i}\`, department: 'Eng' })),
    ];
    await insertRows(db, 'people', people);
  });
  afterAll(() => db.close());

  it('counts people per department and withholds groups under min-group', async () => {
    const result = await ${camel}Query.run(db, { minGroup: 5 });
    expect(result.rows).toEqual([
      { department: 'Sales', people: 6 },
      { department: 'Eng', people: null },
    ]);
  });
});
`,
  [`packages/elements/src/${name}/layout.ts`]: `/** Pure layout of <${tag}>: rows and a width in, bars out (no DOM; snapshot-tested). */
export interface ${Pascal}Bar {
  label: string;
  /** null: withheld under min-group. */
  value: number | null;
  y: number;
  width: number;
}

export interface ${Pascal}Layout {
  bars: ${Pascal}Bar[];
  height: number;
}

export const ROW_HEIGHT = 28;

export function ${camel}Layout(rows: readonly { department: string; people: number | null }[], width: number): ${Pascal}Layout {
  const max = Math.max(1, ...rows.map((r) => r.people ?? 0));
  const plot = Math.max(0, width - 160);
  const bars = rows.map((r, i) => ({
    label: r.department,
    value: r.people,
    y: i * ROW_HEIGHT,
    width: r.people === null ? 0 : (r.people / max) * plot,
  }));
  return { bars, height: rows.length * ROW_HEIGHT };
}
`,
  [`packages/elements/test/${name}-layout.test.ts`]: `import { describe, expect, it } from 'vitest';
import { ${camel}Layout } from '../src/${name}/layout.js';

describe('${name} layout', () => {
  it('scales bars to the widest group and draws none for a withheld one', () => {
    const layout = ${camel}Layout([{ department: 'Sales', people: 10 }, { department: 'Eng', people: 5 }, { department: 'Ops', people: null }], 360);
    expect(layout.bars.map((b) => [b.label, b.width])).toEqual([['Sales', 200], ['Eng', 100], ['Ops', 0]]);
    expect(layout).toMatchSnapshot();
  });
});
`,
  [`packages/elements/src/${name}/${name}.ts`]: `import { html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { ${camel}Query, type OrgFilter, type ${Pascal}Options, type ${Pascal}Result } from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import { themeStyles } from '../shared/theme.styles.js';
import { ${camel}Styles } from './${name}.styles.js';
import { ${camel}Messages } from './${name}.messages.js';
import { ${camel}Layout, ROW_HEIGHT } from './layout.js';

/**
 * @summary People per department (the view \`pnpm new-view\` writes: replace it with yours).
 *
 * @csspart chart - The SVG chart.
 * @csspart summary - The text alternative of the chart.
 * @cssprop --plumb-color-accent - Bar colour.
 */
export class ${Class} extends PlumbView<${Pascal}Options, ${Pascal}Result> {
  static override styles = [themeStyles, ${camel}Styles];
  protected static override messages = { family: '${name}', catalogue: ${camel}Messages };
  protected readonly query = ${camel}Query;
  protected readonly what = '${name}';

  /** Show one level only. */
  @property() level?: string;

  protected options(filter: OrgFilter): ${Pascal}Options {
    return { department: filter.department, level: this.level ?? filter.level };
  }

  protected override emptyMessage(result: ${Pascal}Result): string | null {
    return result.rows.length ? null : this.msg('empty');
  }

  protected renderResult(result: ${Pascal}Result) {
    const layout = ${camel}Layout(result.rows, Math.max(this.width, 320));
    const withheld = this.msg('withheld', { k: this.fmt.integer(result.minGroup) });
    return html\`<svg part="chart" role="img" aria-labelledby="summary" viewBox="0 0 \${Math.max(this.width, 320)} \${layout.height}">
        \${layout.bars.map(
          (bar) => svg\`<g transform="translate(0 \${bar.y})">
            <text class="label" x="0" y=\${ROW_HEIGHT / 2} dominant-baseline="middle">\${bar.label}</text>
            <rect class="bar" x="120" y="4" height=\${ROW_HEIGHT - 8} width=\${bar.width}></rect>
            <text class="value" x=\${124 + bar.width} y=\${ROW_HEIGHT / 2} dominant-baseline="middle">\${bar.value === null ? withheld : this.fmt.integer(bar.value)}</text>
          </g>\`,
        )}
      </svg>
      <p part="summary" id="summary">\${this.msg('summary', { n: this.fmt.integer(result.rows.length) })}</p>\`;
  }

  protected override rowsForExport(result: ${Pascal}Result): ViewRows {
    return {
      columns: [
        { key: 'department', label: this.msg('column.department') },
        { key: 'people', label: this.msg('column.people'), numeric: true },
      ],
      rows: result.rows.map((r) => ({ ...r })),
    };
  }
}
`,
  [`packages/elements/src/${name}/${name}.messages.ts`]: `import type { FamilyCatalogue } from '../i18n/catalogue.js';

/** Every string of <${tag}> (family \`${name}\`): English here, German and French loaded when a page needs them. */
export const ${camel}Messages: FamilyCatalogue = {
  en: {
    empty: 'No one matches these filters.',
    withheld: 'withheld (under {k})',
    summary: 'People in {n} departments.',
    'column.department': 'Department',
    'column.people': 'People',
  },
  de: () => import('./${name}.messages.de.js'),
  fr: () => import('./${name}.messages.fr.js'),
};
`,
  [`packages/elements/src/${name}/${name}.styles.ts`]: `import { css } from 'lit';

export const ${camel}Styles = css\`
  svg {
    width: 100%;
    height: auto;
    font: inherit;
  }
  .bar {
    fill: var(--plumb-color-accent, #2f6fb0);
  }
  .label,
  .value {
    fill: var(--plumb-color-text, currentColor);
  }
\`;
`,
  [`packages/elements/src/${name}/${name}.define.ts`]: `import { ${Class} } from './${name}.js';
import { defineElement } from '../shared/define.js';

defineElement('${tag}', ${Class});

declare global {
  interface HTMLElementTagNameMap {
    '${tag}': ${Class};
  }
}
`,
  [`packages/elements/src/${name}/${name}.messages.de.ts`]: `import type { Messages } from '../i18n/catalogue.js';

/** The German messages of <${tag}> (see ${name}.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  empty: 'Niemand entspricht diesen Filtern.',
  withheld: 'zurückgehalten (unter {k})',
  summary: 'Personen in {n} Abteilungen.',
  'column.department': 'Abteilung',
  'column.people': 'Personen',
};

export default de;
`,
  [`packages/elements/src/${name}/${name}.messages.fr.ts`]: `import type { Messages } from '../i18n/catalogue.js';

/** The French messages of <${tag}> (see ${name}.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  empty: 'Personne ne correspond à ces filtres.',
  withheld: 'masqué (moins de {k})',
  summary: 'Personnes dans {n} départements.',
  'column.department': 'Département',
  'column.people': 'Personnes',
};

export default fr;
`,
  [`stories/${name}.stories.ts`]: `// Storybook 10 CSF3 stories for <${tag}>: every state.
import '@plumb/elements/${name}/${name}.define.js';
import type { ${Class} } from '@plumb/elements/${name}/${name}.js';
import { sharedScenario, type Scenario } from './calibration-scenarios.js';

interface Args {
  scenario: Scenario;
  projector: boolean;
}

function render(args: Args) {
  const el = document.createElement('${tag}') as ${Class};
  el.projector = args.projector;
  void sharedScenario(args.scenario).then((c) => (el.connector = c));
  return el;
}

export default { title: 'Views/${Pascal}', component: '${tag}', render, args: { scenario: 'balanced', projector: false } satisfies Args };

export const Default = {};
export const Projector = { args: { projector: true } };
export const TinyTeams = { args: { scenario: 'tiny-teams' } };
`,
  [`packages/core/src/${name}/named.ts`]: `import { defineLazyQuery } from '../queries/registry.js';
import type { ${Pascal}Options } from './query.js';

// The named query the element imports. Its code (query.ts, its SQL) is imported with the first run (once, then kept):
// a page on \`plumb serve\` never downloads it, and <plumb-data> fetches it while an in-page load runs (\`load\`).
export const ${camel}Query = defineLazyQuery(
  '${name}',
  () => import('./query.js'),
  (m, connector, options: ${Pascal}Options) => m.${camel}(connector, options),
);
`,
};

/** One-line registrations in the files that list every query and element. */
const registrations = [
  {
    file: 'packages/core/src/queries/named.ts',
    edits: [
      [/(import type \{ NamedQuery \} from '\.\/registry\.js';\n)/, `$1import { ${camel}Query } from '../${name}/named.js';\n`],
      [/(export const NAMED_QUERIES[^{]*\{\n)/, `$1  [${camel}Query.name]: ${camel}Query as NamedQuery<never, unknown>,\n`],
    ],
  },
  { file: 'packages/core/src/entries/queries.ts', edits: [[/$/, `export * from '../${name}/query.js';\nexport * from '../${name}/named.js';\n`]] },
  {
    file: 'packages/elements/src/index.ts',
    edits: [[/$/, `import './${name}/${name}.define.js';\nexport { ${Class} } from './${name}/${name}.js';\n`]],
  },
];

for (const path of Object.keys(files)) {
  if (existsSync(join(root, path))) {
    console.error(`${path} exists already: is there a view named "${name}"?`);
    process.exit(1);
  }
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
for (const { file, edits } of registrations) {
  let text = readFileSync(join(root, file), 'utf8');
  for (const [pattern, replacement] of edits) {
    const next = text.replace(pattern, replacement);
    if (next === text) {
      console.error(`${file}: could not find where to register ${name}; add it by hand.`);
      process.exit(1);
    }
    text = next;
  }
  writeFileSync(join(root, file), text);
}

const fill = Object.keys(files).slice(0, 6);
console.log(`Added <${tag}> and the named query "${name}". Fill in:\n${fill.map((f) => `  ${f}`).join('\n')}`);
console.log(`Registered in: ${registrations.map((r) => r.file).join(', ')}.`);
console.log('Then: pnpm --filter @plumb/react generate (React wrapper) and node packages/elements/scripts/element-reference.mjs (README).');
console.log(`And give ${name}/${name}.define.js a ceiling in packages/elements/scripts/bundle-size.mjs (CEILING_KB; a view's goal is 40 kB gzipped).`);
