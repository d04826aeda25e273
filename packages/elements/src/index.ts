// Registers every element. Import `@plumb/elements/<name>/<name>.js` for a
// side-effect-free class, or `<name>.define.js` to register one element.
import './plumb-data/plumb-data.define.js';
import './data-table/data-table.define.js';
import './cascade-tree/cascade-tree.define.js';
import './confidence-burndown/confidence-burndown.define.js';

export { defineElement } from './shared/define.js';
export { PLUMB_ELEMENTS_VERSION } from './version.js';
export { PlumbDataTable, type DataTableColumn } from './data-table/data-table.js';
export { PlumbCascadeTree, type CascadeLayoutName } from './cascade-tree/cascade-tree.js';
export {
  PlumbData,
  type PlumbTables,
  type PlumbFileInput,
  type PlumbDataStatus,
  type PlumbLoadDetail,
  type PlumbErrorDetail,
  type PlumbProgressDetail,
  type PlumbSelectionChangeDetail,
} from './plumb-data/plumb-data.js';
export { PlumbSource } from './plumb-data/plumb-source.js';
export {
  PlumbSessionController,
  PlumbSessionError,
  type PlumbSessionStatus,
  type PlumbSessionOpenOptions,
  type PlumbRatingChange,
  type PlumbSessionChangeDetail,
  type PlumbSessionSnapshot,
  type ReasonPolicy,
} from './data/session.js';
// `<plumb-load-report>` comes with the loader, on demand (`<plumb-data>` defines it when a load has files); alone:
// `@plumb/elements/plumb-data/load-report.define.js`.
export type { PlumbLoadReport, CorrectableLoadOptions, PlumbLoadOptionsDetail } from './plumb-data/load-report.js';
export { installPlumbDataResolver, findPlumbData } from './data/resolve.js';
export { defaultLoader, type SourceLoader } from './data/loader.js';
export { themes, themeCSS, allThemesCSS, applyTheme, contrastRatio, type ThemeName, type ThemeTokens } from './shared/themes.js';
export { csvCell, toCSV, exportFileName } from './shared/csv.js';
export { exportSVG, exportPNG, exportCSV } from './shared/export-on-demand.js';
export { downloadBlob } from './shared/download.js';
export type { ExportOptions, ExportableRows } from './shared/export.js';
export { plumbDataContext, type PlumbDataSource } from './data/context.js';
export { themeStyles } from './shared/theme.styles.js';
export { stateView } from './shared/states.js';
export { PlumbConfidenceBurndown } from './confidence-burndown/confidence-burndown.js';
import './rating-distribution/rating-distribution.define.js';
import './nine-box/nine-box.define.js';
import './person-review/person-review.define.js';
import './calibration-table/calibration-table.define.js';
import './session-log/session-log.define.js';
import './reason-dialog/reason-dialog.define.js';
import './room/room.define.js';
export { PlumbRatingDistribution, type RatingDistributionView } from './rating-distribution/rating-distribution.js';
export { PlumbNineBox } from './nine-box/nine-box.js';
export { PlumbPersonReview, type PlumbDraftChangeDetail } from './person-review/person-review.js';
export { PlumbCalibrationTable } from './calibration-table/calibration-table.js';
export { PlumbSessionLog } from './session-log/session-log.js';
export { PlumbReasonDialog, type ReasonRequest } from './reason-dialog/reason-dialog.js';
export { PlumbRoom, type PlumbRoomChangeDetail } from './room/room.js';
export { PlumbElement } from './view/plumb-element.js';
export { PlumbView, type ViewRows, type ViewStatus } from './view/plumb-view.js';
export { stableKey } from '@plumb/core/queries';
export { PlumbCoordinator, type PlumbClause, type LinkedFilter, type CoordinatedView } from './data/coordinator.js';
export type { ClauseKind, PlumbSelectDetail, PlumbRenderedDetail, PlumbClauseInfo } from './events.js';
export {
  registerCatalogue,
  ensureCatalogue,
  registeredLocales,
  catalogueOf,
  registeredFamilies,
  loadLocale,
  formatter,
  LocalizeController,
  commonMessages,
  type Formatter,
  type Messages,
  type Message,
  type FamilyCatalogue,
  type LazyMessages,
} from './i18n/index.js';
export type { PlumbSelectInput } from './plumb-data/plumb-data.js';
