import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS } from './canonical.ts';
import { FIELD_RULES, fieldRulesMarkdown, NOTES } from './field-rules.ts';

describe('the missing-data rules', () => {
  it('has one rule for every field of the export', () => {
    expect(FIELD_RULES.map((r) => r.field).sort()).toEqual([...CANONICAL_FIELDS].sort());
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(fieldRulesMarkdown());
  });

  it('has notes with distinct codes and Vietnamese messages in NFC', () => {
    const codes = Object.values(NOTES).map((n) => n.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const n of Object.values(NOTES)) expect(n.message).toBe(n.message.normalize('NFC'));
  });
});
