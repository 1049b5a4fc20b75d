import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './database.ts';
import { asStaged, asTemporary, definitions, withoutComments } from './sql-lexer.ts';
import { quoteIdent, readRows, runScript, runStatements } from './sql.ts';

let db: Database;
beforeAll(async () => { db = await Database.open(':memory:'); });
afterAll(() => db.close());

describe('running a .sql file', () => {
  it("splits it by DuckDB's parser: a ; in a string or a comment is text, a statement may end mid-line", async () => {
    await db.withConnection(async (conn) => {
      await runScript(conn, `CREATE TEMP TABLE t (a VARCHAR); -- a comment; with a semicolon
        INSERT INTO t VALUES ('x;
y'); INSERT INTO t VALUES ($v);`, { v: 'z' });
      expect(await readRows(conn, `SELECT a FROM t ORDER BY a`)).toEqual([{ a: 'x;\ny' }, { a: 'z' }]);
      await runScript(conn, `/* no parameters: sent whole */ INSERT INTO t VALUES ('w;'); DELETE FROM t WHERE a = 'z'`);
      expect(await readRows(conn, `SELECT a FROM t ORDER BY a`)).toEqual([{ a: 'w;' }, { a: 'x;\ny' }]);
    });
  });

  it('gives each statement the parameters DuckDB finds in it, and refuses one that is not given', async () => {
    await db.withConnection(async (conn) => {
      await runScript(conn, `CREATE TEMP TABLE p (a INTEGER, b VARCHAR); INSERT INTO p VALUES ($a, '$b is not a parameter here'); INSERT INTO p VALUES ($a + 1, $b)`, { a: 1, b: 'two', unused: 3 });
      expect(await readRows(conn, `SELECT a, b FROM p ORDER BY a`)).toEqual([{ a: 1, b: '$b is not a parameter here' }, { a: 2, b: 'two' }]);
      await expect(runScript(conn, `INSERT INTO p VALUES ($a, $c)`, { a: 3 })).rejects.toThrow('SQL parameter $c is not given');
      expect(await readRows(conn, `SELECT count(*)::INTEGER AS n FROM p WHERE a = $a`, { a: 2, other: 1 })).toEqual([{ n: 1 }]);
    });
  });

  it('tells the rows each statement changed, in order (the load checks its merge by them)', async () => {
    await db.withConnection(async (conn) => {
      expect(await runStatements(conn, `CREATE TEMP TABLE c (a INTEGER);
        INSERT INTO c SELECT range FROM range($n);
        DELETE FROM c WHERE a % 3 = 0;
        SELECT count(*) FROM c;
        UPDATE c SET a = a + 1 WHERE a < 5;
        INSERT INTO c SELECT a FROM c WHERE false;`, { n: 10 })).toEqual([0, 10, 4, 0, 3, 0]);
    });
  });
});

describe('reading SQL text', () => {
  it('finds what a text creates, and makes its objects temporary without touching anything else', () => {
    const sql = `-- CREATE TABLE not_this AS SELECT 1;
CREATE OR REPLACE TABLE main.fct AS SELECT 'CREATE VIEW nor_this' AS s;
CREATE OR REPLACE MACRO m(a) AS TABLE SELECT a;
create view "Quoted ""v""" as select 1;
CREATE TEMP TABLE already AS SELECT 1;`;
    expect(definitions(sql).map(({ kind, name, temporary }) => [kind, name, temporary])).toEqual([
      ['table', 'fct', false], ['macro', 'm', false], ['view', 'quoted "v"', false], ['table', 'already', true],
    ]);
    expect(asTemporary(sql)).toBe(`-- CREATE TABLE not_this AS SELECT 1;
CREATE OR REPLACE TEMP TABLE main.fct AS SELECT 'CREATE VIEW nor_this' AS s;
CREATE OR REPLACE TEMP MACRO m(a) AS TABLE SELECT a;
create TEMP view "Quoted ""v""" as select 1;
CREATE TEMP TABLE already AS SELECT 1;`);
  });

  it('stages a build: each table created under the name given for it (a qualified name replaced whole), views and macros temporary', () => {
    const sql = `-- CREATE TABLE not_this AS SELECT 1;
CREATE OR REPLACE TABLE main.fct AS SELECT 'CREATE TABLE nor_this' AS s FROM fct;
CREATE OR REPLACE MACRO m(a) AS TABLE SELECT a FROM fct;
create table "Odd ""t""" as select 1;
CREATE VIEW v AS FROM fct;`;
    const staged = (name: string) => `db.main.${quoteIdent(`${name}__next`)}`;
    expect(asStaged(sql, staged)).toBe(`-- CREATE TABLE not_this AS SELECT 1;
CREATE OR REPLACE TABLE db.main."fct__next" AS SELECT 'CREATE TABLE nor_this' AS s FROM fct;
CREATE OR REPLACE TEMP MACRO m(a) AS TABLE SELECT a FROM fct;
create table db.main."odd ""t""__next" as select 1;
CREATE TEMP VIEW v AS FROM fct;`);
    // and a statement right after each table's (the last one without its semicolon)
    expect(asStaged(`${sql}\nCREATE TABLE last AS SELECT ';'`, staged, (name) => `CREATE TEMP VIEW ${quoteIdent(name)} AS FROM ${staged(name)}`)).toBe(`-- CREATE TABLE not_this AS SELECT 1;
CREATE OR REPLACE TABLE db.main."fct__next" AS SELECT 'CREATE TABLE nor_this' AS s FROM fct; CREATE TEMP VIEW "fct" AS FROM db.main."fct__next";
CREATE OR REPLACE TEMP MACRO m(a) AS TABLE SELECT a FROM fct;
create table db.main."odd ""t""__next" as select 1; CREATE TEMP VIEW "odd ""t""" AS FROM db.main."odd ""t""__next";
CREATE TEMP VIEW v AS FROM fct;
CREATE TABLE db.main."last__next" AS SELECT ';';
 CREATE TEMP VIEW "last" AS FROM db.main."last__next";`);
  });

  it('takes out comments and the closing semicolon, so one statement can be wrapped as a subquery', () => {
    expect(withoutComments(`-- rule\nSELECT '--x' AS a /* note */ FROM t;\n-- after\n`)).toBe(`SELECT '--x' AS a  FROM t`);
  });
});
