import type { Invitation, Status } from '../api/types';

export function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 1,
    candidate: {
      opportunityId: 'opp-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      postingId: 'post-1',
      postingTitle: 'Backend Engineer',
      profileUrl: 'https://hire.lever.co/candidates/opp-1',
    },
    assessmentId: 'a-1',
    assessmentTitle: 'Backend Challenge',
    status: 'submitted',
    tag: 'Backend Challenge - Submitted',
    score: 82.5,
    passed: true,
    timeSpentSeconds: 3900,
    challenges: [{ title: 'Rate limiter', score: 90, language: 'go' }],
    reportUrl: 'https://www.qualified.io/hire/reports/1',
    error: '',
    invitedAt: '2026-11-20T10:00:00Z',
    startedAt: '2026-11-21T10:00:00Z',
    submittedAt: '2026-11-21T11:05:00Z',
    updatedAt: '2026-11-21T11:05:00Z',
    ...overrides,
  };
}

/** Overrides of a status; the parts that are objects may be given in part. */
export type StatusOverrides = Omit<Partial<Status>, 'lever' | 'qualified' | 'webhook' | 'publicAddress' | 'secrets'> & {
  lever?: Partial<Status['lever']>;
  qualified?: Partial<Status['qualified']>;
  webhook?: Partial<Status['webhook']>;
  publicAddress?: Partial<Status['publicAddress']>;
  secrets?: Partial<Status['secrets']>;
};

/** A status as GET /api/status sends it: nothing set up yet, unless overridden. */
export function status(overrides: StatusOverrides = {}): Status {
  const { lever, qualified, webhook, publicAddress, secrets, ...rest } = overrides;
  return {
    demo: false,
    dataDir: '/home/riley/.config/assessbridge',
    lever: { connected: false, error: '', oauthAvailable: false, ...lever },
    qualified: { connected: false, error: '', ...qualified },
    publicUrl: '',
    publicAddress: { mode: 'quick', state: 'stopped', url: '', error: '', since: null, editable: true, ...publicAddress },
    webhook: { registered: false, url: '', lastDeliveryAt: null, error: '', ...webhook },
    secrets: { backend: 'keychain', ...secrets },
    triggerStages: [],
    setup: [
      { id: 'lever', title: 'Connect Lever', done: false, detail: 'Not connected yet.' },
      { id: 'environment', title: 'Choose the Lever environment', done: false, detail: '' },
      { id: 'qualified', title: 'Connect Qualified', done: false, detail: '' },
      { id: 'publicUrl', title: 'Public address', done: false, detail: '' },
      { id: 'webhook', title: 'Register webhooks', done: false, detail: '' },
      { id: 'stageChangeToggle', title: 'Switch on Candidate Stage Change in Lever', done: false, detail: '' },
      { id: 'triggerStage', title: 'Choose a trigger stage', done: false, detail: '' },
    ],
    ...rest,
  };
}
