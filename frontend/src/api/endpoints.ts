import { buildQuery, request } from './client';
import type {
  ActivityEntry,
  ActivityQuery,
  Assessment,
  FunnelRow,
  InvitationPage,
  InvitationQuery,
  LeverEnvironment,
  LeverUser,
  Posting,
  PublicAddressChoice,
  Settings,
  SettingsUpdate,
  Stage,
  Status,
  TestDeliveryResult,
  TriggerStage,
} from './types';

/** The path of one page of the dashboard's invitations. */
export function invitationsPath(query: InvitationQuery): string {
  return `/api/invitations${buildQuery({
    status: query.status,
    assessment: query.assessment,
    posting: query.posting,
    q: query.q?.trim(),
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
  })}`;
}

/** The path of one page of the activity log. */
export function activityPath(query: ActivityQuery): string {
  return `/api/activity${buildQuery({ outcome: query.outcome, limit: query.limit, before: query.before })}`;
}

export const api = {
  status: () => request<Status>('GET', '/api/status'),
  session: () => request<{ adminLogin: boolean; logoutPath?: string }>('GET', '/api/session'),
  connectLever: (apiKey: string, environment: LeverEnvironment) =>
    request<unknown>('POST', '/api/setup/lever', { apiKey, environment }),
  startLeverLogin: (environment: LeverEnvironment) =>
    request<{ authorizeUrl: string; opened: boolean }>('POST', '/api/setup/lever/oauth', { environment }),
  setPublicAddress: (choice: PublicAddressChoice) => request<unknown>('PUT', '/api/setup/public-address', choice),
  disconnectLever: () => request<{ warning?: string }>('POST', '/api/setup/lever/disconnect'),
  connectQualified: (apiKey: string) => request<unknown>('POST', '/api/setup/qualified', { apiKey }),
  registerWebhook: () => request<unknown>('POST', '/api/setup/webhook'),
  testDelivery: () => request<TestDeliveryResult>('POST', '/api/setup/test-delivery'),

  stages: () => request<{ stages: Stage[] }>('GET', '/api/stages').then((r) => r.stages ?? []),
  triggerStages: () =>
    request<{ triggerStages: TriggerStage[] }>('GET', '/api/trigger-stages').then((r) => r.triggerStages ?? []),
  saveTriggerStages: (stageIds: string[]) =>
    request<{ triggerStages: TriggerStage[] }>('PUT', '/api/trigger-stages', { stageIds }),

  assessments: () =>
    request<{ assessments: Assessment[] }>('GET', '/api/assessments').then((r) => r.assessments ?? []),

  invitations: (query: InvitationQuery) =>
    request<InvitationPage>('GET', invitationsPath(query)).then((r) => ({
      invitations: r.invitations ?? [],
      total: r.total ?? 0,
    })),
  retryInvitation: (id: number) => request<unknown>('POST', `/api/invitations/${id}/retry`),
  postings: () => request<{ postings: Posting[] }>('GET', '/api/postings').then((r) => r.postings ?? []),
  funnel: () => request<{ funnel: FunnelRow[] }>('GET', '/api/funnel').then((r) => r.funnel ?? []),

  activity: (query: ActivityQuery) =>
    request<{ activity: ActivityEntry[] }>('GET', activityPath(query)).then((r) => r.activity ?? []),
  retryActivity: (id: number) => request<unknown>('POST', `/api/activity/${id}/retry`),

  settings: () => request<Settings>('GET', '/api/settings'),
  saveSettings: (update: SettingsUpdate) => request<Settings | undefined>('PUT', '/api/settings', update),
  users: () => request<{ users: LeverUser[] }>('GET', '/api/users').then((r) => r.users ?? []),
};
