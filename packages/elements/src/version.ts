/** The version of @plumb/elements (kept equal to package.json by test/define.test.ts). */
export const PLUMB_ELEMENTS_VERSION = '0.1.0';
