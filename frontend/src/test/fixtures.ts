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

export function status(overrides: Partial<Status> = {}): Status {
  return {
    demo: false,
    dataDir: '/home/riley/.config/assessbridge',
    lever: { connected: false, environment: '', method: '', error: '' },
    qualified: { connected: false, error: '' },
    publicUrl: '',
    webhook: { registered: false, url: '', lastDeliveryAt: null, error: '' },
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
    ...overrides,
  };
}
