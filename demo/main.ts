// The calibration room: Plumb's demo. Everything runs in this page; the
// DuckDB-WASM files are served by vite from node_modules (?url imports).
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { allThemesCSS } from '@plumb/elements';
import { CalibrationRoom } from './src/room.js';

// Plumb's light, dark and projector themes, keyed by data-plumb-theme on <html>.
const themes = new CSSStyleSheet();
themes.replaceSync(allThemesCSS());
document.adoptedStyleSheets = [...document.adoptedStyleSheets, themes];

CalibrationRoom.assets = {
  mvp: { mainModule: mvpModule, mainWorker: mvpWorker },
  eh: { mainModule: ehModule, mainWorker: ehWorker },
};
// `?lang=de` opens the room (and every Plumb element in it) in German; the room's switch changes it later.
const lang = new URLSearchParams(location.search).get('lang');
if (lang) document.documentElement.lang = lang;

customElements.define('plumb-calibration-room', CalibrationRoom);
