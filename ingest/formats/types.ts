import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnPlan } from '../mapping/resolve.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export interface InputFile {
  /** position of the file in its run, 1-based */
  seq: number;
  /** where the bytes are on disk (the archived copy) */
  path: string;
  /** what users call it: the dropped file's name, or the request URL */
  name: string;
  format: ExportFormat;
  /** read a CSV without DuckDB's strict mode: set after a strict read failed as a whole */
  lenient?: boolean;
  /** read a CSV on one thread: set after DuckDB's parallel reader refused it (quoted line breaks) */
  sequential?: boolean;
}

/**
 * What a reader leaves in the connection: a relation with one row per record of the file,
 * columns `row_no` (where a user finds the row: the spreadsheet row, header = row 1, or
 * the JSON element number; NULL when `positional`), `row_error` (why the reader could not
 * read the row as a whole, else NULL) and one VARCHAR column per header of the file, named
 * as in the file.
 */
export interface ReadResult {
  relation: string;
  headers: string[];
  plan: ColumnPlan;
  /**
   * The relation's rows come in the file's order and their row numbers follow from their
   * position: the first is row 2 (after the header). Numbering them in the scan
   * (row_number() OVER ()) would make the whole load one sequential pipeline.
   */
  positional?: boolean;
  /**
   * Runs after the relation has been scanned into `staged_rows` (its rows there start at
   * rowid `firstRowid`), for readers that learn about unreadable rows only while scanning
   * (CSV): moves them into `raw_rejects` and numbers the rows after them.
   */
  afterScan?: (conn: DuckDBConnection, firstRowid: bigint) => Promise<void>;
}

export type PlanFor = (headers: string[]) => ColumnPlan;

export type Reader = (conn: DuckDBConnection, file: InputFile, planFor: PlanFor) => Promise<ReadResult>;
