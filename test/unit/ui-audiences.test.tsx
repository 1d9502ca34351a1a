// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudienceHealth, KindHealth, Lookalike, Sharing } from '../../shared/contract/index.js';
import { PinlistError } from '../../shared/errors.js';
import { defaultSettings } from '../../shared/settings.js';
import { AudiencePanel } from '../../renderer/src/screens/audiences/AudiencePanel.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => cleanup());

const ACCOUNT = '549755885175';
const emailKind: KindHealth = {
  kind: 'email',
  adAccountId: ACCOUNT,
  customerListId: '11',
  audienceId: '21',
  audienceState: 'created',
  audienceMessage: null,
  status: 'READY',
  size: 120,
  uploaded: 200,
  confirmed: 200,
  listMembers: 210,
  matchRate: 60,
  matchRateAt: '2026-03-02T10:00:00.000Z',
  checkedAt: '2026-03-02T10:00:00.000Z',
  readyInHours: null,
  timing: null,
  problem: null,
};
const gaidKind: KindHealth = {
  ...emailKind,
  kind: 'gaid',
  customerListId: '12',
  audienceId: '22',
  status: 'INITIALIZING',
  size: null,
  matchRate: null,
  matchRateAt: null,
  readyInHours: 30,
  timing: 'Pinterest matches a list within 24 hours and shows the audience size 24 to 48 hours after an upload.',
};

function health(kinds: KindHealth[] = [emailKind, gaidKind]): AudienceHealth {
  return {
    listId: 1,
    list: 'Buyers',
    kinds,
    overall: { size: 120, confirmed: 200, matchRate: 60, at: '2026-03-02T10:00:00.000Z' },
    flags: [{ kind: 'email', type: 'near-minimum', message: 'The email audience has 120 matched people, close to the minimum.', at: '2026-03-02T10:00:00.000Z' }],
    history: [
      { kind: 'email', adAccountId: ACCOUNT, takenAt: '2026-03-01T11:00:00.000Z', status: 'INITIALIZING', size: null, uploaded: 200, confirmed: 200, listMembers: 210, matchRate: null, trigger: 'schedule', problem: null },
      { kind: 'email', adAccountId: ACCOUNT, takenAt: '2026-03-02T10:00:00.000Z', status: 'READY', size: 120, uploaded: 200, confirmed: 200, listMembers: 210, matchRate: 60, trigger: 'schedule', problem: null },
    ],
    nextCheckAt: '2026-03-03T10:00:00.000Z',
    sync: { listId: 1, list: 'Buyers', targets: [], lock: null },
  };
}

const lookalike: Lookalike = {
  id: 5,
  listId: 1,
  adAccountId: ACCOUNT,
  name: 'Buyers lookalike (US, 5%)',
  state: 'created',
  audienceId: '31',
  seedKinds: ['email'],
  seedIds: ['21'],
  country: 'US',
  percentage: 5,
  status: 'READY',
  size: 4_500_000,
  message: null,
  checkedAt: null,
  createdAt: '2026-03-02T10:00:00.000Z',
};

function client(sharing: Sharing | (() => Sharing) = { available: true, message: null, audiences: [{ audienceId: '21', name: 'Buyers (email)', source: 'email', accounts: [] }] }): FakeClient {
  return new FakeClient({
    'settings.get': () => defaultSettings,
    'audiences.health': () => health(),
    'audiences.lookalikes': () => [],
    'audiences.sharing': () => (typeof sharing === 'function' ? sharing() : sharing),
    'pinterest.adAccounts': () => [
      { id: ACCOUNT, name: 'Main', country: 'US', currency: 'USD', ownerUsername: null, permissions: [] },
      { id: '549755885176', name: 'Agency', country: 'US', currency: 'USD', ownerUsername: null, permissions: [] },
    ],
  });
}

describe('AudiencePanel', () => {
  it('shows a health card per kind with the match rate and its date, readiness while matching, and the flags', async () => {
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, client());
    const email = await screen.findByTestId('health-email');
    within(email).getByLabelText('Match rate 60%');
    within(email).getByText('Ready');
    const gaid = screen.getByTestId('health-gaid');
    within(gaid).getByText(/Ready in about 30 hours/);
    within(gaid).getByText(/not sized yet/);
    // One kind with a rate: its card says it all, so no 'All kinds' card.
    expect(screen.queryByTestId('health-overall')).toBeNull();
    screen.getByText(/close to the minimum/);
    screen.getByText('Audience size against the list’s own size');
    screen.getByText('Match rate over time (%)');
  });

  it('asks Pinterest again with Check now, and estimates reach with the caveat', async () => {
    const fake = client();
    fake.handlers['audiences.reach'] = () => ({ lower: 120, upper: 180, audiences: ['21'], caveat: 'It does not guarantee results.' });
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(fake.inputsOf('audiences.health').some((input) => input.refresh === true)).toBe(true));
    // The panel shows its loading state while the fresh reading comes back: wait for it.
    fireEvent.click(await screen.findByRole('button', { name: 'Estimate reach' }));
    const reach = await screen.findByTestId('reach-card');
    await waitFor(() => expect(reach.textContent).toMatch(/120 – 180/));
    expect(reach.textContent).toMatch(/does not guarantee/);
  });

  it('creates a lookalike with READY seeds by default and says when it is pending', async () => {
    const fake = client();
    fake.handlers['audiences.lookalikeCreate'] = (input) => ({
      ...lookalike,
      state: 'pending',
      audienceId: null,
      country: input.country,
      percentage: input.percentage,
      message: 'Not created yet: the seed audience email (INITIALIZING) is not READY. Try again when the audience is ready.',
    });
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Create lookalike…' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByLabelText(/Emails/) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByLabelText(/Android IDs/) as HTMLInputElement).checked).toBe(false);
    fireEvent.change(within(dialog).getByLabelText(/Size:/), { target: { value: '1' } });
    within(dialog).getByText(/The most similar people/);
    fireEvent.change(within(dialog).getByLabelText('Country'), { target: { value: 'GB' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create lookalike' }));
    await waitFor(() => within(dialog).getByText(/Try again when the audience is ready/));
    expect(fake.inputsOf('audiences.lookalikeCreate')).toEqual([{ listId: 1, adAccountId: ACCOUNT, country: 'GB', percentage: 1, kinds: ['email'], name: undefined }]);
  });

  it('shares with a chosen ad account, and shows what to ask Pinterest for when sharing is refused', async () => {
    const fake = client();
    fake.handlers['audiences.share'] = (input) => ({
      available: true,
      message: null,
      audiences: [{ audienceId: '21', name: 'Buyers (email)', source: 'email', accounts: input.accountIds.map((accountId) => ({ accountId, name: 'Agency', sharedAt: null })) }],
    });
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, fake);
    const panel = await screen.findByTestId('sharing-panel');
    fireEvent.click(await within(panel).findByLabelText(/Agency/));
    fireEvent.click(within(panel).getByRole('button', { name: 'Share' }));
    await waitFor(() => within(panel).getByText(/Shared with Agency/));
    cleanup();

    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, client({ available: false, message: 'Pinterest does not let this app share audiences (403, code 29). Ask Pinterest to enable audience sharing.', audiences: [] }));
    const refused = await screen.findByTestId('sharing-panel');
    await waitFor(() => expect(refused.textContent).toMatch(/Ask Pinterest to enable audience sharing/));
    screen.getByTestId('health-email');
  });

  it('says to sync first when the list is not on Pinterest, and shows an error it can retry', async () => {
    const fake = client();
    fake.handlers['audiences.health'] = () => health([]);
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, fake);
    await screen.findByText('Not on Pinterest yet');
    cleanup();
    const failing = client();
    failing.handlers['audiences.health'] = () => {
      throw new PinlistError('LIST_NOT_FOUND', 'There is no list 1.');
    };
    renderWithApp(<AudiencePanel listId={1} listName="Buyers" />, failing);
    await screen.findByText(/There is no list 1/);
  });
});
