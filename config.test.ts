import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD, loadSettings } from './config.ts';

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

  it.each([
    ['no indicator', { indicators: [] }, /at least one indicator/],
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
