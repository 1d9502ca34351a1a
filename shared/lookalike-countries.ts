/** Countries Pinterest makes lookalikes for (zod-free, so the CLI's option help loads no schema). */
export const LOOKALIKE_COUNTRIES = ['US', 'CA', 'GB'] as const;
export type LookalikeCountryCode = (typeof LOOKALIKE_COUNTRIES)[number];
