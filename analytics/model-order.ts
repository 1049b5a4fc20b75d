import { definitions, mentions, type Definition } from '../warehouse/sql-lexer.ts';

/** A .sql file of the models: the objects it creates, and what they read. */
export interface ModelSource {
  /** staging, intermediate, marts (the order of the layers), or incremental */
  layer: string;
  name: string;
  sql: string;
}

export interface OrderedModel<M extends ModelSource> {
  model: M;
  /** what its statements create, in order */
  defines: Definition[];
  /** the models it reads (`layer/name`), which come before it */
  reads: string[];
}

/**
 * The models in the order they must run: each after every model whose objects it reads.
 * What a model reads is derived from its SQL (not declared beside it, so it cannot drift):
 * the names it mentions of tables, views and macros that other models create — read or
 * called, or passed by name as a string to query_table (see sql-lexer.ts). Among models
 * free to run, the lower layer (in `layers` order) and then the file name go first, so the
 * order is stable. Refused, naming the files: an object created by two models, a model that
 * reads one of a higher layer (staging reads only staging, intermediate also staging, …),
 * and a cycle.
 */
export function modelOrder<M extends ModelSource>(models: readonly M[], layers: readonly string[]): OrderedModel<M>[] {
  const id = (m: ModelSource) => `${m.layer}/${m.name}`;
  const rank = (m: ModelSource) => layers.indexOf(m.layer);
  const defines = new Map(models.map((m) => [m, definitions(m.sql)]));
  const owner = new Map<string, M>();
  for (const m of models) {
    for (const d of defines.get(m)!) {
      const other = owner.get(d.name);
      if (other && other !== m) throw new Error(`Models ${id(other)} and ${id(m)} both create ${d.name}`);
      owner.set(d.name, m);
    }
  }
  const names = new Set(owner.keys());
  const reads = new Map<M, M[]>();
  for (const m of models) {
    const deps = [...new Set([...mentions(m.sql, names)].map((n) => owner.get(n)!))].filter((d) => d !== m);
    for (const d of deps) {
      if (rank(d) > rank(m)) throw new Error(`Model ${id(m)} reads ${id(d)}, of a higher layer: a model reads only its own layer and those below (${layers.join(' → ')})`);
    }
    reads.set(m, deps);
  }

  const done = new Set<M>();
  const order: OrderedModel<M>[] = [];
  const before = (a: M, b: M) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  while (order.length < models.length) {
    const ready = models.filter((m) => !done.has(m) && reads.get(m)!.every((d) => done.has(d))).sort(before);
    if (ready.length === 0) {
      throw new Error(`Models read each other in a cycle: ${cycleOf(models.filter((m) => !done.has(m)), reads).map(id).join(' → ')}`);
    }
    const next = ready[0]!;
    done.add(next);
    order.push({ model: next, defines: defines.get(next)!, reads: reads.get(next)!.map(id) });
  }
  return order;
}

/** One cycle among models none of which can run: follow what each reads until a model repeats. */
function cycleOf<M>(stuck: M[], reads: Map<M, M[]>): M[] {
  const path: M[] = [];
  let m = stuck[0]!;
  while (!path.includes(m)) {
    path.push(m);
    m = reads.get(m)!.find((d) => stuck.includes(d))!;
  }
  return [...path.slice(path.indexOf(m)), m];
}
