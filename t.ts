import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
const q = async (s: string, p?: any) => { try { const r = await c.runAndReadAll(s, p); console.log(JSON.stringify(r.getRowObjectsJson()).slice(0,1500)); } catch (e) { console.log('ERR', (e as Error).message.slice(0,300)); } };
await q(`select timezone('Asia/Ho_Chi_Minh', TIMESTAMP '2020-05-22 01:30')::VARCHAR a, try_cast('2020-05-21T18:30:00Z' AS TIMESTAMPTZ)::VARCHAR b, try_cast('2020-05-21T18:30:00+0700' AS TIMESTAMPTZ)::VARCHAR c, try_cast('2020-05-21 18:30+07' AS TIMESTAMPTZ)::VARCHAR d,
 try_strptime('1/9/2020', '%d/%m/%Y')::VARCHAR e, try_strptime('01/09/2020 7:05', ['%d/%m/%Y %H:%M:%S','%d/%m/%Y %H:%M'])::VARCHAR f, try_strptime('2020-09-01xx', '%Y-%m-%d')::VARCHAR g, try_strptime('31/02/2020', '%d/%m/%Y') h, try_strptime('2020-05-21T18:30:00.123', '%Y-%m-%dT%H:%M:%S.%f')::VARCHAR i, try_cast('2020-05-21T18:30:00Z' AS TIMESTAMPTZ) AT TIME ZONE 'Asia/Ho_Chi_Minh' j, try_cast('2020-13-01T00:00:00Z' AS TIMESTAMPTZ) k`);
await q(`select distinct unnest(json_keys(json)) k from read_json_objects('/tmp/p/j.json', format='array')`);
await q(`select row_number() over () rn, * from read_json('/tmp/p/j.json', format='array', columns={'a':'VARCHAR','b':'VARCHAR','c':'VARCHAR','d':'VARCHAR','e':'VARCHAR','f':'VARCHAR','g':'VARCHAR'})`);
await q(`select * from read_csv('/tmp/p/u.csv', header=true, auto_detect=false, names=$n, delim=',', quote='"', escape='"', all_varchar=true)`, {n: null});
await q(`create temp table tt(a varchar, b bigint)`);
try { const ap = await c.createAppender('tt', 'temp'); ap.appendVarchar('x'); ap.appendBigInt(1n); ap.endRow(); ap.closeSync(); } catch(e) { console.log('app err', (e as Error).message); }
try { const ap = await c.createAppender('tt', 'main', 'temp'); ap.appendVarchar('y'); ap.appendBigInt(2n); ap.endRow(); ap.closeSync(); } catch(e) { console.log('app err2', (e as Error).message); }
await q(`select * from tt`);
await q(`select lower('ĐI') l, nfc_normalize('Đe\u0302\u0301n') n, trim(' \t x \u00a0', ' \t' || chr(160)) t`);
