/**
 * npm run build: what `npm ci --omit=dev && node dist/main.js` runs.
 *
 *   dist/**\/*.js       the server, compiled by tsc (tsconfig.build.json): one .js per .ts in the
 *                      same tree, relative imports rewritten from .ts to .js
 *   dist/**\/*.sql      every .sql file beside the module that reads it, as in the sources
 *                      (modules find them through new URL('./x.sql', import.meta.url)),
 *                      and the files the server serves as they are (ASSETS: the API
 *                      reference's initializer and style)
 *   dist/package.json  name, version and "type": "module" (the server reads its version from
 *                      the package.json beside main)
 *   dist/ui/           the dashboard (vite build)
 *
 * tsc rather than a bundler: a bundle would give every module the bundle's import.meta.url,
 * and each module's SQL would have to be found another way. Run from the repository root.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
/** folders whose files are not part of the server (the dashboard is built by vite) */
const NOT_SERVER = new Set(['node_modules', 'dist', 'data', 'test-output', 'bench', 'test', 'ui', 'scripts', '.git', '.ci']);

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!(dir === root && NOT_SERVER.has(e.name)) && !e.name.startsWith('.')) yield* files(join(dir, e.name));
    } else if (e.isFile()) yield join(dir, e.name);
  }
}

/**
 * Every file a compiled module names as new URL('…', import.meta.url) must be in dist: a
 * literal path must exist; for a template (`./queries/${name}.sql`) the folder before the
 * first ${ must. Catches a module that reads a kind of file the build does not copy.
 */
function checkAssets(): string[] {
  const missing: string[] = [];
  const ref = /new URL\((['"`])([^'"`]+)\1, import\.meta\.url\)/g;
  for (const file of files(dist)) {
    if (!file.endsWith('.js')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(ref)) {
      const path = m[2]!;
      const fixed = m[1] === '`' ? path.slice(0, path.lastIndexOf('/', path.indexOf('${')) + 1) : path;
      if (!fixed.startsWith('.')) continue;
      if (!existsSync(join(dirname(file), fixed))) missing.push(`${relative(root, file)}: ${path}`);
    }
  }
  return missing;
}

rmSync(dist, { recursive: true, force: true });

console.log('server: tsc -p tsconfig.build.json');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });

/** files read at run time beside their modules: SQL, and what the API reference page serves */
const ASSETS = [/\.sql$/, /^api\/reference\/[^/]+\.(js|css)$/];
let sql = 0;
for (const file of files(root)) {
  const path = relative(root, file).replaceAll('\\', '/');
  if (!ASSETS.some((re) => re.test(path))) continue;
  const to = join(dist, relative(root, file));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
  sql++;
}
console.log(`server: ${sql} .sql and asset files copied beside their modules`);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`);

const missing = checkAssets();
if (missing.length > 0) {
  console.error(`build: files the server reads at run time are missing from dist/:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

console.log('dashboard: vite build');
await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
console.log(`built ${relative(process.cwd(), dist) || 'dist'}/: start it with npm run start:prod (node dist/main.js)`);
