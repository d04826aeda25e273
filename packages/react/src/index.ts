// React components for Plumb's elements, made with @lit/react: attributes and
// properties become props, Plumb's events become typed `on…` callbacks.
// Importing this module registers the elements it wraps.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import '@plumb/elements/plumb-data/plumb-data.define.js';
import '@plumb/elements/data-table/data-table.define.js';
import { PlumbData as PlumbDataElement } from '@plumb/elements/plumb-data/plumb-data.js';
import { PlumbDataTable as PlumbDataTableElement } from '@plumb/elements/data-table/data-table.js';
import type {
  PlumbErrorDetail,
  PlumbLoadDetail,
  PlumbSelectionChangeDetail,
} from '@plumb/elements/plumb-data/plumb-data.js';

export type { PlumbErrorDetail, PlumbLoadDetail, PlumbSelectionChangeDetail };

/** `<plumb-data>`: loads files (or takes rows / a connector) and shares them with the Plumb components inside. */
export const PlumbData = createComponent({
  tagName: 'plumb-data',
  elementClass: PlumbDataElement,
  react: React,
  events: {
    onLoad: 'plumb-load' as EventName<CustomEvent<PlumbLoadDetail>>,
    onError: 'plumb-error' as EventName<CustomEvent<PlumbErrorDetail>>,
    onSelectionChange: 'plumb-selection-change' as EventName<CustomEvent<PlumbSelectionChangeDetail>>,
  },
});

/** `<plumb-data-table>`: the accessible table every chart offers as its text alternative. */
export const PlumbDataTable = createComponent({
  tagName: 'plumb-data-table',
  elementClass: PlumbDataTableElement,
  react: React,
});
