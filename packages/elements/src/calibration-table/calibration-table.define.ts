import { PlumbCalibrationTable } from './calibration-table.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-calibration-table', PlumbCalibrationTable);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-calibration-table': PlumbCalibrationTable;
  }
}
