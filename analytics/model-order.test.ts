import { describe, expect, it } from 'vitest';
import { modelFiles, incrementalFiles } from './build.ts';
import { modelOrder } from './model-order.ts';

const LAYERS = ['staging', 'intermediate', 'marts'];
const model = (layer: string, name: string, sql: string) => ({ layer, name, sql });
const names = (ms: { model: { layer: string; name: string } }[]) => ms.map((m) => `${m.model.layer}/${m.model.name}`);

describe('the order of the models', () => {
  it('comes from what each model reads, not from the file names: the rules (macros) before unit_counts that calls them', () => {
    const order = modelFiles().map((m) => `${m.layer}/${m.name}`);
    expect(order.indexOf('marts/rules')).toBeLessThan(order.indexOf('marts/unit_counts'));
    expect(order.indexOf('marts/fct_quarantine_rows')).toBeLessThan(order.indexOf('marts/fct_unit_day_quarantine'));
    expect(order.indexOf('marts/fct_unit_day')).toBeLessThan(order.indexOf('marts/unit_counts'));
    // a layer after the layers below it
    expect(order.slice(0, 3)).toEqual(['staging/stg_documents', 'staging/stg_documents_noted', 'staging/stg_units']);
    // the incremental build: the keys before the marts' deletes and inserts that read them
    const inc = incrementalFiles().map((m) => m.name);
    expect(inc.indexOf('keys')).toBeLessThan(inc.indexOf('fct_unit_day'));
    expect(inc.indexOf('keys')).toBeLessThan(inc.indexOf('fct_unit_day_incoming'));
  });

  it('puts a model after the macros it calls, the relations it reads and those passed to query_table by name, whatever the names sort as', () => {
    const order = modelOrder([
      model('marts', 'a_counts', `CREATE OR REPLACE MACRO a_counts(x) AS TABLE SELECT z_rate(n, d) FROM z_fact WHERE x;`),
      model('marts', 'z_rules', `CREATE OR REPLACE MACRO z_rate(n, d) AS n / d;`),
      model('marts', 'y_fact', `-- reads m_source only as a string\nCREATE OR REPLACE TABLE z_fact AS SELECT * FROM query_table('m_source');`),
      model('marts', 'm_source', `CREATE OR REPLACE VIEW m_source AS SELECT 1 AS n, 2 AS d;`),
    ], LAYERS);
    expect(names(order)).toEqual(['marts/m_source', 'marts/y_fact', 'marts/z_rules', 'marts/a_counts']);
    expect(order.find((o) => o.model.name === 'a_counts')!.reads).toEqual(['marts/z_rules', 'marts/y_fact']);
  });

  it('does not take a name in a comment or inside a longer string for a read', () => {
    const order = modelOrder([
      model('marts', 'a', `-- built after b? no: b_view is only named here\nCREATE OR REPLACE VIEW a_view AS SELECT 'b_view and more' AS note;`),
      model('marts', 'b', `CREATE OR REPLACE VIEW b_view AS SELECT * FROM a_view;`),
    ], LAYERS);
    expect(names(order)).toEqual(['marts/a', 'marts/b']);
  });

  it('refuses a cycle, naming it', () => {
    expect(() => modelOrder([
      model('marts', 'a', `CREATE OR REPLACE VIEW a AS SELECT * FROM c;`),
      model('marts', 'b', `CREATE OR REPLACE VIEW b AS SELECT * FROM a;`),
      model('marts', 'c', `CREATE OR REPLACE VIEW c AS SELECT * FROM b;`),
    ], LAYERS)).toThrow('Models read each other in a cycle: marts/a → marts/c → marts/b → marts/a');
  });

  it('refuses a model that reads one of a higher layer, and an object created by two models', () => {
    expect(() => modelOrder([
      model('staging', 'stg', `CREATE OR REPLACE VIEW stg AS SELECT * FROM fct;`),
      model('marts', 'fct', `CREATE OR REPLACE TABLE fct AS SELECT 1 AS a;`),
    ], LAYERS)).toThrow(/Model staging\/stg reads marts\/fct, of a higher layer/);
    expect(() => modelOrder([
      model('marts', 'one', `CREATE OR REPLACE TABLE fct AS SELECT 1 AS a;`),
      model('marts', 'two', `CREATE OR REPLACE TABLE fct AS SELECT 2 AS a;`),
    ], LAYERS)).toThrow('Models marts/one and marts/two both create fct');
  });
});
