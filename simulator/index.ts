/** Public API of the simulated province: generator, vendor dialects, HTTP server. */
export type { SimDocument, Milestones } from './types.ts';
export { DOC_TYPES } from './types.ts';
export type { Unit } from './registry.ts';
export { readUnitsCsv, parseUnitsCsv, selectUnits } from './registry.ts';
export { generateProvince, documentsAsOf, compareDocuments, type GenerateOptions } from './generate.ts';
export {
  SYSTEM_IDS,
  SYSTEM_FORMAT,
  TDOFFICE_HEADERS,
  IOFFICE_HEADERS,
  IOFFICE_V1_HEADERS,
  IOFFICE_VALUES,
  LEGACY_DISTRICTS,
  recordsDirectiveFields,
  VOFFICE_KEYS,
  VOFFICE_VALUES,
  systemOf,
  assignSystems,
  iofficeQuirks,
  toVendorRow,
  serializeRows,
  exportRows,
  corruptRow,
  type SystemId,
  type VendorRow,
  type VofficeRecord,
  type Corruption,
} from './systems.ts';
export { buildTimeline, parseMapChanges, parseMapSuccessors, readTimeline, timelineBeside, spanAt, type CodeSpan, type Timeline } from './map.ts';
export { decodeExport } from './decode.ts';
export { type FaultConfig, validateFaults } from './faults.ts';
export { startSimulator, DEFAULT_NOW, DEFAULT_PAGE_SIZE, LIVE_AHEAD_DAYS, type Simulator, type SimulatorOptions } from './server.ts';
