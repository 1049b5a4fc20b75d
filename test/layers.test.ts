// The layers of the code, read from the imports themselves: each layer uses only the layers
// below it (README, Layout). Tests (*.test.ts, test/) and the benchmarks (bench/) are left
// out: they may reach into any layer.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/warehouse.ts';

/**
 * The layers, bottom up. The ground floor is the modules at the top of the repository
 * (config, errors, redact, validate, client; time and log when they come); main.ts,
 * service.ts and app.ts, with the command-line tools of cli/, are the top, which puts the
 * layers together. Folders on one level do not use each other.
 */
const LEVELS: Record<string, number> = {
  ground: 0,
  warehouse: 1,
  api: 1,
  auth: 2,
  ingest: 2,
  analytics: 3,
  reports: 4,
  national: 4,
  ops: 4,
  alerts: 5,
  top: 6,
  cli: 6,
  scripts: 6,
};
const TOP_FILES = new Set(['main.ts', 'service.ts', 'app.ts']);
/** The simulator stands in for the units' own systems: it may share ingest's export formats, nothing else of the service. */
const SIMULATOR_MAY_USE = ['ingest/formats/'];
/** Business time is the same in the browser: time.ts imports nothing and runs on Intl alone. */
const UI_MAY_USE = ['time.ts'];

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir = ''): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}${e.name}`;
    if (e.isDirectory()) return ['node_modules', 'dist', 'data', 'test', 'bench', '.git'].includes(e.name) || e.name.startsWith('.') ? [] : sourceFiles(`${path}/`);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const out: Import[] = [];
  const resolve = (spec: string) => normalize(join(dirname(file), spec)).replaceAll('\\', '/');
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    out.push({ from: file, to: resolve(m[3]!), typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) out.push({ from: file, to: resolve(m[1]!), typeOnly: false });
  return out;
}

/** The layer a file belongs to: its top folder, or ground / top for a file at the top of the repository. */
function layerOf(file: string): string {
  const [first, ...rest] = file.split('/');
  if (rest.length > 0) return first!;
  return TOP_FILES.has(first!) ? 'top' : 'ground';
}

const files = sourceFiles();
const imports = files.flatMap(importsOf);

describe('the layers', () => {
  it('reads the imports of every layer', () => {
    for (const layer of [...Object.keys(LEVELS), 'simulator', 'ui']) expect(files.some((f) => layerOf(f) === layer), layer).toBe(true);
    expect(imports.length).toBeGreaterThan(200);
    expect(imports.some((i) => i.from === 'cli/reports.ts' && i.to === 'analytics/build.ts')).toBe(true); // a dynamic import
  });

  it('has every file in a known layer', () => {
    const unknown = files.filter((f) => !(layerOf(f) in LEVELS) && !['simulator', 'ui'].includes(layerOf(f)));
    expect(unknown).toEqual([]);
  });

  it('uses only the layers below (the ground floor, the warehouse, …), never one beside or above', () => {
    const wrong = imports.filter((i) => {
      const a = layerOf(i.from);
      const b = layerOf(i.to);
      if (a === b) return false;
      // the browser's code takes only types from the server (they are gone once built)
      if (a === 'ui') return !i.typeOnly && !UI_MAY_USE.includes(i.to);
      if (b === 'ui') return true;
      if (a === 'simulator') return b !== 'ground' && !SIMULATOR_MAY_USE.some((p) => i.to.startsWith(p));
      if (b === 'simulator') return LEVELS[a] !== LEVELS['top'];
      return !(LEVELS[b]! < LEVELS[a]!);
    });
    expect(wrong.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('has no cycle between top folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      const [a, b] = [layerOf(i.from), layerOf(i.to)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('leaves the DuckDB instance, its connections and the migrations to the warehouse', () => {
    const outside = files.filter((f) => layerOf(f) !== 'warehouse');
    const offending = outside.flatMap((f) => {
      const text = readFileSync(join(repoRoot, f), 'utf8');
      return [/\.connect\(/, /DuckDBInstance/, /(?:URL|join|Sync)\([^)]*migrations/].filter((re) => re.test(text)).map((re) => `${f}: ${re.source}`);
    });
    expect(offending).toEqual([]);
  });

  it('lets the dashboard use only modules that import nothing (they run in the browser as they are)', () => {
    for (const file of UI_MAY_USE) expect(imports.filter((i) => i.from === file), file).toEqual([]);
  });
});
