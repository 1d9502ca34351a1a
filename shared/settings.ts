import * as z from 'zod';

/** Non-secret preferences. Secrets never go here: they live in the OS keychain. */
export const settingsSchema = z.strictObject({
  /** Records per Pinterest ADD/REMOVE request. Braze sends at most 1,900; Tealium keeps requests under 1 MB. */
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
  /** A sync that would remove more than this share of what Pinterest holds needs confirmation. */
  shrinkThresholdPercent: z.number().min(0).max(100).default(25),
  /** An audience under this many members stops serving: going below it needs confirmation. */
  minimumListSize: z.number().int().min(0).default(100),
  /** Keep the plaintext of valid identifiers in the database. Off: only hashes are stored. */
  keepPlaintext: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  oauthRedirectUri: z.url().default('http://localhost:8085/'),
  /** Alerts are also POSTed here as JSON (Slack, Teams, Google Chat incoming webhooks); empty: off. */
  alertWebhookUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** A list source that has not changed for longer than this many days raises an alert. */
  sourceStaleDays: z.number().int().min(1).max(365).default(7),
  /** Desktop: closing the window keeps Pinlist running in the tray / menu bar, so automations keep running. */
  keepRunningInTray: z.boolean().default(true),
  /** Desktop: start Pinlist hidden at login, so automations run without opening it. */
  openAtLogin: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});
/**
 * Every setting optional and without defaults: only what is given changes. (`.partial()` would keep
 * the defaults in zod 4, and a patch of one key would reset all the others.)
 */
export const settingsPatchSchema = z.strictObject({
  batchSize: settingsSchema.shape.batchSize.unwrap().optional(),
  shrinkThresholdPercent: settingsSchema.shape.shrinkThresholdPercent.unwrap().optional(),
  minimumListSize: settingsSchema.shape.minimumListSize.unwrap().optional(),
  keepPlaintext: settingsSchema.shape.keepPlaintext.unwrap().optional(),
  theme: settingsSchema.shape.theme.unwrap().optional(),
  oauthRedirectUri: settingsSchema.shape.oauthRedirectUri.unwrap().optional(),
  alertWebhookUrl: settingsSchema.shape.alertWebhookUrl.unwrap().optional(),
  sourceStaleDays: settingsSchema.shape.sourceStaleDays.unwrap().optional(),
  keepRunningInTray: settingsSchema.shape.keepRunningInTray.unwrap().optional(),
  openAtLogin: settingsSchema.shape.openAtLogin.unwrap().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
