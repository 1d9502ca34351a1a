/** The identifier kinds Pinlist handles, and what Pinterest calls each list type. */
export const IDENTIFIER_KINDS = ['email', 'gaid', 'idfa'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** A column is mapped to an identifier kind or ignored. */
export const COLUMN_KINDS = [...IDENTIFIER_KINDS, 'ignore'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const PINTEREST_LIST_TYPE: Record<IdentifierKind, 'EMAIL' | 'MAID' | 'IDFA'> = {
  email: 'EMAIL',
  gaid: 'MAID',
  idfa: 'IDFA',
};

export const KIND_LABEL: Record<ColumnKind, string> = {
  email: 'Email',
  gaid: 'Android ad ID',
  idfa: 'IDFA (iOS ad ID)',
  ignore: 'Ignore',
};

/**
 * Why a row was not kept. Stable codes: they are stored, exported and shown to users.
 * `ragged_row` is set by the reader, the rest by the normalization rules.
 */
export const REJECT_REASONS = [
  'empty',
  'missing_at',
  'multiple_at',
  'bad_local',
  'local_too_long',
  'bad_domain',
  'has_space',
  'too_long',
  'bad_ad_id',
  'zeroed_ad_id',
  'unsupported_hash',
  'ragged_row',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABEL: Record<RejectReason, string> = {
  empty: 'Empty value',
  missing_at: 'No @ in the email',
  multiple_at: 'More than one @',
  bad_local: 'Nothing before the @',
  local_too_long: 'More than 64 characters before the @',
  bad_domain: 'Domain is not valid',
  has_space: 'Contains a space',
  too_long: 'Longer than 254 characters',
  bad_ad_id: 'Not an advertising ID (UUID)',
  zeroed_ad_id: 'All-zero ad ID (limited ad tracking)',
  unsupported_hash: 'MD5 or SHA-1 hash: only SHA-256 is supported',
  ragged_row: 'Row has a different number of columns',
};

/** A SHA-256 hash as Pinterest receives it: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
