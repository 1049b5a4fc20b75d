import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { fmtInt, type Measurement } from './types.ts';

const TARGET_KB = 450;
const root = join(import.meta.dirname, '..');

/**
 * What the browser downloads: the production build of the dashboard, each file gzipped
 * as the server sends it (compress middleware, gzip level 6), JS and CSS summed.
 */
export const uiSizeMeasurement: Measurement = {
  id: 'ui',
  title: 'UI: JS and CSS sent to the browser',
  async run(ctx) {
    const out = mkdtempSync(join(tmpdir(), 'cds-bench-ui-'));
    try {
      ctx.log('building the dashboard with vite');
      await build({ configFile: join(root, 'vite.config.ts'), root: join(root, 'ui'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
      const files = readdirSync(join(out, 'assets')).filter((f) => /\.(js|css)$/.test(f));
      const rows = files.map((f) => {
        const bytes = readFileSync(join(out, 'assets', f));
        return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
      });
      const gzipKb = rows.reduce((n, r) => n + r.gzip, 0) / 1024;
      const rawKb = rows.reduce((n, r) => n + r.raw, 0) / 1024;
      return {
        summary: [
          { metric: 'JS + CSS, gzip', target: `≤ ${TARGET_KB} KB`, measured: `${gzipKb.toFixed(1)} KB`, met: gzipKb <= TARGET_KB },
          { metric: 'JS + CSS, uncompressed (context)', target: '—', measured: `${rawKb.toFixed(1)} KB`, met: null },
        ],
        tables: [{ title: 'Files', columns: ['file', 'bytes', 'gzip bytes'], rows: rows.map((r) => [r.file, fmtInt(r.raw), fmtInt(r.gzip)]) }],
        notes: ['Most of the weight is Vega, Vega-Lite (the charts compile their specs in the browser) and Apache Arrow.'],
        data: { files: rows, gzipKb, rawKb },
      };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
