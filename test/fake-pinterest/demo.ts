/** The demo app, token and ad accounts `npm run fake-pinterest` sets up. */
export const DEMO_APP = { appId: '1500000', appSecret: 'fake-pinterest-demo-secret' } as const;
export const DEMO_ACCESS_TOKEN = 'pina_FAKE_PINTEREST_DEMO_TOKEN';
export const DEMO_AD_ACCOUNTS = [
  { id: '549755885175', name: 'Demo Shop (US)', country: 'US', currency: 'USD' },
  { id: '549755885176', name: 'Demo Shop (EU)', country: 'DE', currency: 'EUR' },
] as const;
