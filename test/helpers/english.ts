/** Checks that what a person reads is not English. */

/**
 * English a person must not read: words of the server's messages and of a broken page.
 * Matched as whole words (Unicode letters around them do not count), case-insensitive.
 */
export const ENGLISH = ['the', 'may not', 'error', 'undefined', 'null', 'NaN', 'Top', 'of', 'is', 'not', 'and', 'unit', 'team', 'role', 'there is no',
  'loading', 'failed', 'invalid', 'true', 'false', 'Infinity', 'Invalid Date', 'HTTP', 'object Object', 'period', 'score', 'rank', 'name', 'bar', 'visualization', 'chart', 'download'];
export const englishIn = (text: string) => ENGLISH.filter((w) => new RegExp(`(?<![\\p{L}\\p{N}_])${w}(?![\\p{L}\\p{N}_])`, 'iu').test(text));

