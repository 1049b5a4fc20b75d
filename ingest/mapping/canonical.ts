/** The canonical export: one row per document at one unit. */
export const CANONICAL_FIELDS = [
  'unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date',
  'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time',
  // additive (Directive 15's received and processed rates): an export without them stays valid
  'sender', 'processed_electronic',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** Columns an export must have (or a mapping must default); the rest are informative. */
export const REQUIRED_FIELDS: readonly CanonicalField[] = [
  'unit_code', 'doc_id', 'direction', 'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time',
];

export const DATE_FIELDS: readonly CanonicalField[] = ['doc_date', 'deadline'];
export const TIME_FIELDS: readonly CanonicalField[] = ['event_time', 'completed_time'];

export const CODED_FIELDS = ['direction', 'security', 'channel', 'signed', 'processed_electronic'] as const;
export type CodedField = (typeof CODED_FIELDS)[number];

export const CANONICAL_VALUES: Record<CodedField, readonly string[]> = {
  direction: ['out', 'in'],
  security: ['normal', 'secret', 'top_secret', 'absolute_secret'],
  channel: ['electronic', 'paper', 'both'],
  signed: ['true', 'false'],
  processed_electronic: ['true', 'false'],
};

/**
 * The optional fields of the contract (not in REQUIRED_FIELDS): a file without the column
 * loads as before, and the figures that need it are null for its documents (not 0).
 */
export const OPTIONAL_FIELDS: readonly CanonicalField[] = ['sender', 'processed_electronic'];
