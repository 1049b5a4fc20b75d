import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadSettings } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'cds-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = JSON.parse(readFileSync(new URL('./config/settings.json', import.meta.url), 'utf8')) as Record<string, unknown>;
let files = 0;
const settingsWith = (extra: Record<string, unknown>) => {
  const file = join(dir, `settings-${++files}.json`);
  writeFileSync(file, JSON.stringify({ ...shipped, ...extra }));
  return file;
};

describe('the timezone setting (business time is Asia/Ho_Chi_Minh, time.ts)', () => {
  it('is not in the shipped settings, and a settings file written before with it still loads', () => {
    expect(shipped).not.toHaveProperty('timezone');
    expect(loadSettings(settingsWith({})).milestones.province).toBe('2020-05-22');
    expect(loadSettings(settingsWith({ timezone: 'Asia/Ho_Chi_Minh' })).milestones.province).toBe('2020-05-22');
  });

  it('refuses another zone instead of ignoring it', () => {
    expect(() => loadSettings(settingsWith({ timezone: 'Asia/Bangkok' }))).toThrow(/works in Asia\/Ho_Chi_Minh only/);
  });
});

describe('the priority threshold ("cần kiểm tra", analytics/queries/priority.sql)', () => {
  it('is in the shipped settings, and defaults when a settings file written before has none', () => {
    expect(loadSettings(settingsWith({})).priority).toEqual({ scoreBelow: 0.95, documentsFrom: 20 });
    const { priority: _p, ...before } = shipped;
    const file = join(dir, 'settings-before.json');
    writeFileSync(file, JSON.stringify(before));
    expect(loadSettings(file).priority).toEqual({ scoreBelow: 0.95, documentsFrom: 20 });
    expect(loadSettings(settingsWith({ priority: { scoreBelow: 0.9 } })).priority).toEqual({ scoreBelow: 0.9, documentsFrom: 20 });
  });

  it('refuses a score outside 0..1, a count below 1, and a key it does not know', () => {
    expect(() => loadSettings(settingsWith({ priority: { scoreBelow: 95 } }))).toThrow(/priority/);
    expect(() => loadSettings(settingsWith({ priority: { documentsFrom: 0 } }))).toThrow(/priority/);
    expect(() => loadSettings(settingsWith({ priority: { scoreBellow: 0.9 } }))).toThrow(/priority/);
  });
});

describe('LOG_LEVEL', () => {
  const env = { SETTINGS_FILE: new URL('./config/settings.json', import.meta.url).pathname };
  it('is info unless set, and takes pino\'s levels', () => {
    expect(loadConfig(env).logLevel).toBe('info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) expect(loadConfig({ ...env, LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it('refuses anything else, naming the variable and the levels', () => {
    expect(() => loadConfig({ ...env, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(() => loadConfig({ ...env, LOG_LEVEL: 'INFO' })).toThrow(/LOG_LEVEL/);
  });
});
