import { cellText } from './cells.ts';

/**
 * Where a document came from, as a person reads it on paper: "tên hệ thống · tệp · dòng"
 * (the system's name, the file or the page of the system's export, the row), short enough
 * to stay on one printed line. The full location (the file's name or the export's URL as
 * the run log records it, without secrets) stays in a column of its own.
 */

/** A source as configured: its id, and the name people know its system by, if one is given. */
export interface NamedSource {
  id: string;
  name?: string | undefined;
}

/** source id → the system's name (the configured name, or the id itself). */
export function systemNames(sources: readonly NamedSource[]): (id: string | null) => string {
  const names = new Map(sources.map((s) => [s.id, (s.name ?? s.id).normalize('NFC')]));
  return (id) => (id === null ? 'không rõ nguồn' : names.get(id) ?? id);
}

/** The file as a person names it: a page of an HTTP export ("trang 3"), or a file's base name. */
export function fileLabel(file: string | null): string | null {
  if (file === null || file === '') return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    try {
      const u = new URL(file);
      const page = u.searchParams.get('page');
      if (page && /^\d+$/.test(page)) return `trang ${page}`;
      const last = u.pathname.split('/').filter(Boolean).pop();
      return last ? decodeURIComponent(last) : u.host;
    } catch {
      return 'tệp';
    }
  }
  return file.split(/[\\/]/).pop() || file;
}

/** "TDOffice · trang 1 · dòng 9113" */
export function sourceLabel(system: string, file: string | null, row: number | null): string {
  return [system, fileLabel(file), row === null || row === undefined ? null : `dòng ${row}`].filter((x) => x !== null).join(' · ');
}

/**
 * The source's cell of a document (cellText of sourceLabel) for many documents: the part
 * before the row is worked out once per source and file, and the row appended. That gives
 * the same text: " · dòng " and the digits are NFC already with nothing XML cannot hold,
 * and a space composes with nothing before it, so NFC of the whole is NFC of the part
 * before it followed by the rest (source-label.test.ts holds it to the plain way).
 */
export class SourceCells {
  readonly #systemName: (id: string | null) => string;
  /** source id, file → the label's cell text without the row */
  readonly #heads = new Map<string | null, Map<string | null, string | null>>();

  constructor(systemName: (id: string | null) => string) {
    this.#systemName = systemName;
  }

  cell(sourceId: string | null, file: string | null, row: number | null): string | null {
    if (row === null || row === undefined || !Number.isSafeInteger(row)) return cellText(sourceLabel(this.#systemName(sourceId), file, row ?? null));
    let byFile = this.#heads.get(sourceId);
    if (!byFile) this.#heads.set(sourceId, (byFile = new Map()));
    let head = byFile.get(file);
    if (head === undefined) byFile.set(file, (head = cellText(sourceLabel(this.#systemName(sourceId), file, null))));
    return head === null ? cellText(sourceLabel(this.#systemName(sourceId), file, row)) : `${head} · dòng ${row}`;
  }
}

/** The full location: the file (or URL) and the row. */
export function fullLocation(file: string | null, row: number | null): string | null {
  if (file === null) return null;
  return row === null || row === undefined ? file : `${file}, dòng ${row}`;
}
