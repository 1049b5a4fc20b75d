import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD, loadConfig, loadSettings } from './config.ts';

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

describe('LOAD_MEMORY_MB', () => {
  const env = { SETTINGS_FILE: new URL('./config/settings.json', import.meta.url).pathname };
  it('is 768 unless set; 0 leaves DuckDB its own limit', () => {
    expect(loadConfig(env).loadMemoryMb).toBe(768);
    expect(loadConfig({ ...env, LOAD_MEMORY_MB: '2048' }).loadMemoryMb).toBe(2048);
    expect(loadConfig({ ...env, LOAD_MEMORY_MB: '0' }).loadMemoryMb).toBe(0);
  });

  it('refuses a limit too small for a load, or not a whole number', () => {
    expect(() => loadConfig({ ...env, LOAD_MEMORY_MB: '100' })).toThrow(/LOAD_MEMORY_MB must be 0 \(no limit\) or at least 256/);
    expect(() => loadConfig({ ...env, LOAD_MEMORY_MB: '1.5' })).toThrow(/LOAD_MEMORY_MB/);
  });
});

describe('WAL_CHECKPOINT_MB', () => {
  const env = { SETTINGS_FILE: new URL('./config/settings.json', import.meta.url).pathname };
  it('is 8 MiB unless set; 0 leaves checkpoints to DuckDB', () => {
    expect(loadConfig(env).walCheckpointBytes).toBe(8 * 1024 * 1024);
    expect(loadConfig({ ...env, WAL_CHECKPOINT_MB: '1.5' }).walCheckpointBytes).toBe(1.5 * 1024 * 1024);
    expect(loadConfig({ ...env, WAL_CHECKPOINT_MB: '15.5' }).walCheckpointBytes).toBe(15.5 * 1024 * 1024);
    expect(loadConfig({ ...env, WAL_CHECKPOINT_MB: '0' }).walCheckpointBytes).toBe(0);
  });

  it('refuses a size DuckDB would reach first (its own checkpoint at 16 MiB), a tiny or negative one, or not a number', () => {
    for (const v of ['16', '-1', '0.001']) {
      expect(() => loadConfig({ ...env, WAL_CHECKPOINT_MB: v }), v).toThrow(/WAL_CHECKPOINT_MB must be 0 \(DuckDB's own checkpoints only\) or from 1 to under 16/);
    }
    expect(() => loadConfig({ ...env, WAL_CHECKPOINT_MB: 'eight' })).toThrow(/expected number[^]*WAL_CHECKPOINT_MB/);
  });
});

describe('the alerts settings', () => {
  it('ships rules that load, and fills in what a settings file without `alerts` leaves out', () => {
    const s = loadSettings(settingsWith({}));
    expect(s.alerts.rules.map((r) => r.kind)).toEqual(expect.arrayContaining(['rate_below', 'rank_drop', 'source_stale', 'source_failing', 'quarantine_above', 'period_frozen']));
    const { alerts: _alerts, ...before } = shipped;
    const file = join(dir, 'settings-no-alerts.json');
    writeFileSync(file, JSON.stringify(before));
    const old = loadSettings(file);
    expect(old.alerts).toMatchObject({ rules: [], schedule: '*/15 * * * *', retry: { attempts: 8, backoffMs: 30_000 } });
    expect(old.alerts.deliveries.monthly).toEqual({ cron: '0 6 1 * *', formats: ['xlsx'], recipients: [] });
  });

  it('refuses a rule with a bad parameter, a rule id used twice, a team that does not exist, a bad address', () => {
    const alerts = (x: Record<string, unknown>) => settingsWith({ alerts: x });
    expect(() => loadSettings(alerts({ rules: [{ id: 'a', kind: 'rate_below', name: 'A', metric: 'signed_rate', threshold: 90 }] }))).toThrow(/threshold/);
    expect(() => loadSettings(alerts({ rules: [{ id: 'a', kind: 'rank_drop', name: 'A', places: 2 }, { id: 'a', kind: 'period_frozen', name: 'B' }] }))).toThrow(/Alert rule id "a" is used twice/);
    expect(() => loadSettings(alerts({ deliveries: { teamWorkList: { recipients: { 9: ['a@example.vn'] } } } }))).toThrow(/names team 9/);
    expect(() => loadSettings(alerts({ deliveries: { monthly: { recipients: ['not an address'] } } }))).toThrow(/recipients/);
  });

  it("reads a webhook's secret from the environment, and says which variable is missing", () => {
    const file = settingsWith({ alerts: { webhooks: [{ id: 'chat', url: 'https://bot.example.vn/hook', secret: '${CHAT_SECRET}' }] } });
    expect(loadSettings(file, { CHAT_SECRET: 'a secret of sixteen+' }).alerts.webhooks[0]!.secret).toBe('a secret of sixteen+');
    expect(() => loadSettings(file, {})).toThrow(/Webhook chat needs the environment variable CHAT_SECRET/);
    expect(() => loadSettings(file, { CHAT_SECRET: 'short' })).toThrow(/at least 16 characters/);
  });
});

describe('the scorecard (settings ranking.scorecard)', () => {
  const withScorecard = (scorecard: unknown) => settingsWith({ ranking: { incompleteUnits: 'count_against', scorecard } });
  const ind = (rate: string, weight = 1, extra: Record<string, unknown> = {}) => ({ rate, weight, ...extra });

  it('defaults to the mean of the three rates: without the setting, and in the shipped file', () => {
    expect(loadSettings(settingsWith({ ranking: { incompleteUnits: 'as_computed' } })).ranking.scorecard).toEqual(DEFAULT_SCORECARD);
    expect(loadSettings(settingsWith({})).ranking.scorecard).toEqual(DEFAULT_SCORECARD);
    expect(DEFAULT_SCORECARD).toEqual({
      indicators: ['sent_electronic_rate', 'signed_rate', 'on_time_rate'].map((rate) => ({ rate, weight: 1, target: 1, bonus: 0 })),
      penalties: [],
    });
  });

  it('takes indicators with weights, targets and bonuses, and points per violating document', () => {
    const s = loadSettings(withScorecard({ indicators: [ind('sent_electronic_rate', 2, { bonus: 0.05 }), ind('on_time_rate', 1, { target: 0.9 })], penalties: [{ kind: 'not_electronic', points: 0.001 }] }));
    expect(s.ranking.scorecard).toEqual({
      indicators: [{ rate: 'sent_electronic_rate', weight: 2, target: 1, bonus: 0.05 }, { rate: 'on_time_rate', weight: 1, target: 0.9, bonus: 0 }],
      penalties: [{ kind: 'not_electronic', points: 0.001 }],
    });
  });

  it('takes the received and processed rates as indicators and paper_to_office as a penalty', () => {
    const s = loadSettings(withScorecard({
      indicators: [ind('received_electronic_rate', 2, { bonus: 0.02 }), ind('processed_electronic_rate', 1, { target: 0.5, bonus: 0.05 })],
      penalties: [{ kind: 'paper_to_office', points: 0.1 }],
    }));
    expect(s.ranking.scorecard).toEqual({
      indicators: [{ rate: 'received_electronic_rate', weight: 2, target: 1, bonus: 0.02 }, { rate: 'processed_electronic_rate', weight: 1, target: 0.5, bonus: 0.05 }],
      penalties: [{ kind: 'paper_to_office', points: 0.1 }],
    });
  });

  it.each([
    ['no indicator', { indicators: [] }, /at least one indicator/],
    ['the processed rate twice', { indicators: [ind('processed_electronic_rate'), ind('processed_electronic_rate', 2)] }, /processed_electronic_rate is listed twice/],
    ['paper_to_office twice', { indicators: [ind('signed_rate')], penalties: [{ kind: 'paper_to_office', points: 0.01 }, { kind: 'paper_to_office', points: 0.02 }] }, /paper_to_office is listed twice/],
    ['an unknown rate', { indicators: [ind('received_rate')] }, /indicators\[0\]\.rate|indicators.0.rate/],
    ['a rate twice', { indicators: [ind('signed_rate'), ind('signed_rate', 2)] }, /signed_rate is listed twice/],
    ['a weight of 0', { indicators: [ind('signed_rate', 0)] }, /weight/],
    ['a negative weight', { indicators: [ind('signed_rate', -1)] }, /weight/],
    ['a target above 100 %', { indicators: [ind('signed_rate', 1, { target: 1.5 })] }, /target/],
    ['an unknown violation kind', { indicators: [ind('signed_rate')], penalties: [{ kind: 'paper', points: 0.01 }] }, /kind/],
    ['a kind twice', { indicators: [ind('signed_rate')], penalties: [{ kind: 'late', points: 0.01 }, { kind: 'late', points: 0.02 }] }, /late is listed twice/],
    ['a misspelt key', { indicators: [ind('signed_rate', 1, { wieght: 2 })] }, /wieght/],
  ])('refuses %s, naming the field', (_name, scorecard, message) => {
    expect(() => loadSettings(withScorecard(scorecard))).toThrow(message);
    expect(() => loadSettings(withScorecard(scorecard))).toThrow(/ranking.*scorecard/s);
  });
});
