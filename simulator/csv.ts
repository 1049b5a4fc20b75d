/**
 * Minimal RFC 4180 CSV writing and reading. The simulator must not depend on the
 * service's own parsers (it is the thing they are tested against), so it has its own.
 */

/** Quotes a field only when it needs it: delimiter, quote, CR or LF inside. */
export function csvField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return '"' + value.replaceAll('"', '""') + '"';
  }
  return value;
}

export function csvLine(values: readonly string[], delimiter: string, eol: string): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += delimiter;
    line += csvField(values[i]!, delimiter);
  }
  return line + eol;
}

/**
 * Parses CSV text into rows of fields: handles a leading BOM, quoted fields with doubled
 * quotes and embedded line breaks, LF or CRLF line ends, and a missing final line end.
 * An unterminated quote is an error rather than a silently merged row.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new Error('unterminated quoted field at end of CSV');
  if (fieldStarted || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
