/**
 * The parts of Pinterest's v5 API (spec 5.23.0) that Pinlist uses. Responses are validated
 * leniently: unknown fields pass, fields we do not read are optional, so a new Pinterest field
 * never breaks a sync.
 */
import * as z from 'zod';

/** Pinterest's error body: `{code, message}` with its own code (2 auth failed, 3 missing scope, 29 not permitted, 8 rate limited, 12 server fault). */
export const pinterestErrorBodySchema = z.looseObject({
  code: z.number().optional(),
  message: z.string().optional(),
  /** OAuth's own error shape (RFC 6749), which a token endpoint may answer instead. */
  error: z.string().optional(),
  error_description: z.string().optional(),
});

const optionalString = z.string().nullish();
const optionalNumber = z.number().nullish();

export const userAccountSchema = z.looseObject({
  id: optionalString,
  username: optionalString,
  account_type: optionalString,
  business_name: optionalString,
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const adAccountSchema = z.looseObject({
  id: z.string(),
  name: optionalString,
  country: optionalString,
  currency: optionalString,
  owner: z.looseObject({ id: optionalString, username: optionalString }).nullish(),
  permissions: z.array(z.string()).nullish(),
  created_time: optionalNumber,
  updated_time: optionalNumber,
});
export type AdAccount = z.infer<typeof adAccountSchema>;

/** Fixed at creation: one list per identifier kind. */
export type CustomerListType = 'EMAIL' | 'MAID' | 'IDFA';
export type CustomerListOperation = 'ADD' | 'REMOVE';

export const customerListSchema = z.looseObject({
  id: z.string(),
  ad_account_id: optionalString,
  name: optionalString,
  status: optionalString,
  type: optionalString,
  created_time: optionalNumber,
  updated_time: optionalNumber,
  num_batches: optionalNumber,
  /** Counts records sent, not members: an ADD of a present record counts again. */
  num_uploaded_user_records: optionalNumber,
  num_removed_user_records: optionalNumber,
});
export type CustomerList = z.infer<typeof customerListSchema>;

/**
 * The spec requires no field of a CustomerList, so an update or a read may answer without `id`
 * (even `{}`): the 200 is what confirms a batch. Only a create must say which list it made.
 */
export const customerListAnswerSchema = customerListSchema.extend({ id: optionalString });
export type CustomerListAnswer = z.infer<typeof customerListAnswerSchema>;

export const audienceSchema = z.looseObject({
  id: z.string(),
  ad_account_id: optionalString,
  name: optionalString,
  audience_type: optionalString,
  description: optionalString,
  rule: z
    .looseObject({
      customer_list_id: optionalString,
      // ACTALIKE: the spec's example sends percentage as a string, its schema as an integer.
      seed_id: z.array(z.string()).nullish(),
      country: optionalString,
      percentage: z.union([z.number(), z.string()]).nullish(),
    })
    .nullish(),
  /** Null until Pinterest has matched the list (24 to 48 h). */
  size: optionalNumber,
  /** READY, INITIALIZING, TOO_SMALL (fewer than 100 matched users), … */
  status: optionalString,
  type: optionalString,
  created_timestamp: optionalNumber,
  updated_timestamp: optionalNumber,
});
export type Audience = z.infer<typeof audienceSchema>;

/** As for customer lists: a read or an update of an audience may answer without `id`. */
export const audienceAnswerSchema = audienceSchema.extend({ id: optionalString });
export type AudienceAnswer = z.infer<typeof audienceAnswerSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), bookmark: z.string().nullish() });
}

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.number().nullish(),
  refresh_token_expires_in: z.number().nullish(),
  refresh_token_expires_at: z.number().nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface CreateCustomerListInput {
  name: string;
  list_type: CustomerListType;
  /** SHA-256 hashes, 64 lowercase hex characters each; at least one. */
  records: readonly string[];
}

export interface UpdateCustomerListInput {
  operation_type: CustomerListOperation;
  records: readonly string[];
}

export interface CreateAudienceInput {
  name: string;
  customer_list_id: string;
  description?: string;
}

export interface UpdateAudienceInput {
  /** UPDATE changes name/description; REMOVE deletes the audience (there is no DELETE). */
  operation_type?: 'UPDATE' | 'REMOVE';
  name?: string;
  description?: string;
}

/** An ACTALIKE audience: people like the seed audiences, in one country, the `percentage` (1 to 10) most similar. */
export interface CreateLookalikeInput {
  name: string;
  seed_ids: readonly string[];
  country: string;
  percentage: number;
  description?: string;
}

/** Monthly reach; the spec requires neither bound. */
export const audienceSizingSchema = z.looseObject({
  audience_size_lower_bound: optionalNumber,
  audience_size_upper_bound: optionalNumber,
});
export type AudienceSizing = z.infer<typeof audienceSizingSchema>;

export type AudienceSharingOperation = 'SHARE' | 'REVOKE';

export const sharedAudienceAnswerSchema = z
  .looseObject({ audience_id: optionalString, recipient_account_ids: z.array(z.string()).nullish() })
  .nullish();
export type SharedAudienceAnswer = z.infer<typeof sharedAudienceAnswerSchema>;

export const sharedAudienceAccountSchema = z.looseObject({
  account_id: z.string(),
  account_name: optionalString,
  account_type: optionalString,
  shared_on_timestamp: optionalNumber,
});
export type SharedAudienceAccount = z.infer<typeof sharedAudienceAccountSchema>;
