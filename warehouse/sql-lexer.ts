/**
 * A lexer of SQL text, for reading what a .sql file says about itself: which objects it
 * creates and which names it mentions (the model build's order, analytics/model-order.ts),
 * and its text without comments (a data test wrapped as a subquery). DuckDB runs the SQL
 * and splits it into statements (runScript); it has no API that lists the objects a
 * statement reads (getTableNames misses macros and the relation names that query_table
 * takes as strings), and a general SQL parser package does not know DuckDB's MACRO. The
 * rules are few: comments (`--`, `/* *\/`), strings ('…' with '' inside, $$…$$), quoted
 * identifiers ("…" with "" inside), $parameters, words, numbers and single characters.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'param' | 'number' | 'comment' | 'space' | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** where it starts in the text */
  at: number;
}

const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0xc0;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isWordStart(c) || isDigit(c) || c === 36;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  const take = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), at: i });
    i = end;
  };
  const upTo = (what: string, from: number) => {
    const k = sql.indexOf(what, from);
    return k < 0 ? n : k + what.length;
  };
  /** the end of a run quoted by q, where a doubled q is the character itself */
  const quotedEnd = (q: string) => {
    let j = i + 1;
    for (;;) {
      const k = sql.indexOf(q, j);
      if (k < 0) return n;
      if (sql[k + 1] === q) j = k + 2;
      else return k + 1;
    }
  };
  const skip = (from: number, test: (c: number) => boolean) => {
    let j = from;
    while (j < n && test(sql.charCodeAt(j))) j++;
    return j;
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    const d = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    if (c === 45 && d === 45) take('comment', sql.indexOf('\n', i) < 0 ? n : sql.indexOf('\n', i)); // --
    else if (c === 47 && d === 42) take('comment', upTo('*/', i + 2)); // /*
    else if (c === 39) take('string', quotedEnd("'"));
    else if (c === 34) take('quoted', quotedEnd('"'));
    else if (c === 36 && d === 36) take('string', upTo('$$', i + 2));
    else if (c === 36 && isWord(d) && d !== 36) take('param', skip(i + 1, (x) => isWordStart(x) || isDigit(x)));
    else if (isWordStart(c)) take('word', skip(i + 1, isWord));
    else if (isDigit(c)) take('number', skip(i + 1, (x) => isDigit(x) || x === 95 || x === 46 || x === 101 || x === 69));
    else if (isSpace(c)) take('space', skip(i + 1, isSpace));
    else take('symbol', i + 1);
  }
  return tokens;
}

/** The name a word or quoted identifier stands for, as DuckDB compares names (case-insensitive). */
export function identifier(token: Token): string | undefined {
  if (token.kind === 'word') return token.text.toLowerCase();
  if (token.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"').toLowerCase();
  return undefined;
}

/** The value of a string literal ('it''s' is it's). */
export function stringValue(token: Token): string | undefined {
  if (token.kind !== 'string') return undefined;
  return token.text.startsWith('$$') ? token.text.slice(2, -2) : token.text.slice(1, -1).replaceAll("''", "'");
}

export interface Definition {
  kind: 'table' | 'view' | 'macro';
  name: string;
  temporary: boolean;
  /** where the word TABLE, VIEW, MACRO or FUNCTION is in the text */
  at: number;
  /** where its name (qualified or not, as written) starts and ends in the text */
  nameFrom: number;
  nameTo: number;
}

/**
 * The objects the statements of a text create, in order: CREATE [OR REPLACE] [TEMP]
 * TABLE | VIEW | MACRO | FUNCTION name (a FUNCTION is DuckDB's other word for a macro; a
 * qualified name counts by its last part). Statements that create nothing are not listed.
 */
export function definitions(sql: string): Definition[] {
  const words = tokenize(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const out: Definition[] = [];
  for (let i = 0; i < words.length; i++) {
    if (identifier(words[i]!) !== 'create' || words[i]!.kind !== 'word') continue;
    let j = i + 1;
    if (identifier(words[j] ?? NONE) === 'or') j += 2;
    let temporary = false;
    if (['temp', 'temporary'].includes(words[j]?.kind === 'word' ? words[j]!.text.toLowerCase() : '')) {
      temporary = true;
      j++;
    }
    const what = words[j]?.kind === 'word' ? words[j]!.text.toLowerCase() : '';
    const at = words[j]?.at ?? 0;
    const kind = what === 'table' ? 'table' : what === 'view' ? 'view' : what === 'macro' || what === 'function' ? 'macro' : undefined;
    if (!kind) continue;
    j++;
    if (words[j]?.kind === 'word' && words[j]!.text.toLowerCase() === 'if') j += 3; // IF NOT EXISTS
    // a qualified name (main.x, temp.main.x) counts by its last part
    const nameFrom = words[j]?.at ?? 0;
    let name = identifier(words[j] ?? NONE);
    while (name !== undefined && words[j + 1]?.text === '.') {
      j += 2;
      name = identifier(words[j] ?? NONE);
    }
    if (name !== undefined) out.push({ kind, name, temporary, at, nameFrom, nameTo: words[j]!.at + words[j]!.text.length });
  }
  return out;
}

const NONE: Token = { kind: 'symbol', text: '', at: 0 };

/**
 * The same statements creating temporary objects: TEMP written into each CREATE that lacks
 * it (CREATE OR REPLACE TABLE x becomes CREATE OR REPLACE TEMP TABLE x), nothing else
 * changed. The model build makes its new models so: as temp twins of the published ones.
 */
export function asTemporary(sql: string): string {
  let out = '';
  let from = 0;
  for (const d of definitions(sql)) {
    if (d.temporary) continue;
    out += `${sql.slice(from, d.at)}TEMP `;
    from = d.at;
  }
  return out + sql.slice(from);
}

/**
 * The same statements staging a build (the full model build, analytics/build.ts): each
 * table is created under the name `table(name)` returns (written as it is: a real table
 * beside the published one), and the statement `after(name)` follows its statement (before
 * the next one runs); each view and macro is created as a temporary object (TEMP written
 * into its CREATE, as asTemporary). Nothing else changed.
 */
export function asStaged(sql: string, table: (name: string) => string, after: (name: string) => string = () => ''): string {
  const ends = tokenize(sql).filter((t) => t.kind === 'symbol' && t.text === ';').map((t) => t.at + 1);
  let out = '';
  let from = 0;
  for (const d of definitions(sql)) {
    if (d.kind === 'table') {
      out += `${sql.slice(from, d.nameFrom)}${table(d.name)}`;
      from = d.nameTo;
      const then = after(d.name);
      if (then) {
        const end = ends.find((e) => e > d.nameTo);
        out += end === undefined ? `${sql.slice(from)};\n` : sql.slice(from, end);
        out += ` ${then};`;
        from = end ?? sql.length;
      }
    } else if (!d.temporary) {
      out += `${sql.slice(from, d.at)}TEMP `;
      from = d.at;
    }
  }
  return out + sql.slice(from);
}

/**
 * The names among `names` that a text mentions: as a word or quoted identifier (a table,
 * view or macro it reads or calls), or as a whole string literal (a relation passed by
 * name, as query_table takes it). Comments say nothing.
 */
export function mentions(sql: string, names: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (const t of tokenize(sql)) {
    const name = identifier(t) ?? stringValue(t)?.toLowerCase();
    if (name !== undefined && names.has(name)) found.add(name);
  }
  return found;
}

/** The text without its comments, and without the `;` that ends its last statement: one statement to wrap as a subquery. */
export function withoutComments(sql: string): string {
  const text = tokenize(sql).filter((t) => t.kind !== 'comment').map((t) => t.text).join('').trim();
  return text.endsWith(';') ? text.slice(0, -1).trimEnd() : text;
}
