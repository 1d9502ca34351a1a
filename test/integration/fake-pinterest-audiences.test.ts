import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOpenApi } from '../fake-pinterest/openapi.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';

/** The fake's lookalike, reach and sharing endpoints, checked against Pinterest's OpenAPI file. */

const spec = loadOpenApi();
const ACCOUNT = '549755885175';
const OTHER = '549755885176';

const sha = (value: string): string => createHash('sha256').update(value).digest('hex');
const hashes = (count: number): string[] => Array.from({ length: count }, (_, i) => sha(`user${i}@example.com`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are asserted on, not typed
type Json = any;

let fake: FakePinterest;
let token: string;

beforeEach(async () => {
  fake = await startFakePinterest();
  fake.state.addAdAccount({ id: ACCOUNT, name: 'Main' });
  fake.state.addAdAccount({ id: OTHER, name: 'Agency' });
  token = fake.state.issueToken().accessToken;
});

afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

async function seedAudience(): Promise<string> {
  const list = await call('POST', `/ad_accounts/${ACCOUNT}/customer_lists`, { name: 'Buyers', records: hashes(150).join(','), list_type: 'EMAIL' });
  const audience = await call('POST', `/ad_accounts/${ACCOUNT}/audiences`, { name: 'Buyers', audience_type: 'CUSTOMER_LIST', rule: { customer_list_id: list.body.id } });
  expect(audience.status).toBe(200);
  return audience.body.id as string;
}

const lookalike = (rule: Record<string, unknown>) => call('POST', `/ad_accounts/${ACCOUNT}/audiences`, { name: 'Like buyers', audience_type: 'ACTALIKE', rule });

describe('fake Pinterest: audience readings', () => {
  it('reports a size and status set by a test, over HTTP too', async () => {
    const id = await seedAudience();
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).body).toMatchObject({ size: 150, status: 'READY' });
    fake.state.setAudienceReading(id, { size: 90 });
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).body).toMatchObject({ size: 90, status: 'READY' });
    const control = await fetch(`${fake.origin}/__fake/audiences/${id}`, { method: 'POST', body: JSON.stringify({ size: null, status: 'INITIALIZING' }) });
    expect(control.status).toBe(200);
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).body).toMatchObject({ size: null, status: 'INITIALIZING' });
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Pinterest: lookalikes', () => {
  it('creates an ACTALIKE audience from READY seeds, renames and removes it', async () => {
    const seed = await seedAudience();
    const created = await lookalike({ seed_id: [seed], country: 'US', percentage: 5 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ audience_type: 'ACTALIKE', rule: { seed_id: [seed], country: 'US', percentage: 5 }, status: 'READY', size: 4_500_000 });
    const id = created.body.id as string;
    expect((await call('PATCH', `/ad_accounts/${ACCOUNT}/audiences/${id}`, { name: 'Renamed' })).body.name).toBe('Renamed');
    expect((await call('PATCH', `/ad_accounts/${ACCOUNT}/audiences/${id}`, { operation_type: 'REMOVE' })).status).toBe(200);
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).status).toBe(404);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a bad country, a percentage out of range, a seed not ready and an unknown seed', async () => {
    const seed = await seedAudience();
    const country = await lookalike({ seed_id: [seed], country: 'FR', percentage: 5 });
    expect(country).toMatchObject({ status: 400, body: { message: expect.stringMatching(/country "FR".*US, CA, GB/) } });
    for (const percentage of [0, 11]) {
      const range = await lookalike({ seed_id: [seed], country: 'US', percentage });
      expect(range).toMatchObject({ status: 400, body: { message: expect.stringMatching(/percentage must be 1 to 10/) } });
    }
    fake.state.setAudienceReading(seed, { status: 'INITIALIZING' });
    const notReady = await lookalike({ seed_id: [seed], country: 'US', percentage: 5 });
    expect(notReady).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not ready \(status INITIALIZING\)/) } });
    const unknown = await lookalike({ seed_id: ['123'], country: 'US', percentage: 5 });
    expect(unknown.status).toBe(400);
    expect(fake.state.audiences().filter((a) => a.lookalike)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Pinterest: reach', () => {
  it('estimates monthly reach from the included audiences and refuses one it does not know', async () => {
    const seed = await seedAudience();
    const sizing = await call('POST', `/ad_accounts/${ACCOUNT}/ad_groups/audience_sizing`, { targeting_spec: { AUDIENCE_INCLUDE: [seed] } });
    expect(sizing).toMatchObject({ status: 200, body: { audience_size_lower_bound: 90, audience_size_upper_bound: 135 } });
    const unknown = await call('POST', `/ad_accounts/${ACCOUNT}/ad_groups/audience_sizing`, { targeting_spec: { AUDIENCE_INCLUDE: ['42'] } });
    expect(unknown.status).toBe(403);
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Pinterest: sharing', () => {
  const share = (body: Record<string, unknown>) => call('PATCH', `/ad_accounts/${ACCOUNT}/audiences/ad_accounts/shared`, body);
  const accounts = (id: string) => call('GET', `/ad_accounts/${ACCOUNT}/audiences/shared/accounts?audience_id=${id}&account_type=AD_ACCOUNT`);

  it('shares and revokes, lists who has access, and refuses an unknown recipient', async () => {
    const id = await seedAudience();
    const shared = await share({ audience_id: id, recipient_account_ids: [OTHER], operation_type: 'SHARE' });
    expect(shared).toMatchObject({ status: 200, body: { audience_id: id, recipient_account_ids: [OTHER] } });
    expect((await accounts(id)).body.items).toEqual([expect.objectContaining({ account_id: OTHER, account_name: 'Agency', account_type: 'AD_ACCOUNT' })]);
    const unknown = await share({ audience_id: id, recipient_account_ids: ['999'], operation_type: 'SHARE' });
    expect(unknown).toMatchObject({ status: 400, body: { message: expect.stringMatching(/999/) } });
    await share({ audience_id: id, recipient_account_ids: [OTHER], operation_type: 'REVOKE' });
    expect((await accounts(id)).body.items).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('answers 403 code 29 when sharing is not available to the app', async () => {
    const id = await seedAudience();
    fake.state.sharingAllowed = false;
    expect(await share({ audience_id: id, recipient_account_ids: [OTHER], operation_type: 'SHARE' })).toMatchObject({ status: 403, body: { code: 29 } });
    expect((await accounts(id)).status).toBe(403);
    expect(fake.violations).toEqual([]);
  });

  it.skipIf(!spec.validator)('records a share request that breaks the spec (no operation_type) as a violation', async () => {
    const id = await seedAudience();
    expect((await share({ audience_id: id, recipient_account_ids: [OTHER] })).status).toBe(400);
    expect(fake.violations).toHaveLength(1);
  });
});
