// Shapes of the admin API (docs/api.md). The answers and requests are generated from the Go types
// in app/adminapi into types.gen.ts (`make types`); this file keeps the names the UI imports and
// the unions that Go spells as plain strings. Times are RFC 3339 strings in UTC, or null.

import type {
  ActivityEntry as GeneratedActivityEntry,
  DeliveryCheck,
  ErrorBody,
  SettingsChange,
} from './types.gen';

export type {
  Assessment,
  AssessmentTags,
  Candidate,
  Change,
  ChallengeResult,
  DemoKeys,
  FunnelRow,
  Invitation,
  InvitationPage,
  LeverConnection,
  LeverDisconnected,
  LeverUser,
  LoginStarted,
  Posting,
  PublicAddress,
  PublicAddressChoice,
  QualifiedConnection,
  Session,
  SetupStep,
  Settings,
  Stage,
  Status,
  Time,
  Topic,
  TriggerStage,
  TriggerStagesSaved,
  Webhook,
} from './types.gen';

/** An answer that is not a success: a sentence for the recruiter, and its code. */
export interface ApiErrorBody extends Pick<ErrorBody, 'error'> {
  code?:
    | 'invalid'
    | 'not_found'
    | 'conflict'
    | 'unauthorized'
    | 'internal'
    | 'upstream'
    | 'needs_reconnect'
    | (string & {});
}

export type SetupStepId =
  | 'lever'
  | 'environment'
  | 'qualified'
  | 'publicUrl'
  | 'webhook'
  | 'stageChangeToggle'
  | 'triggerStage'
  | 'dataFolder';

export type LeverEnvironment = 'production' | 'sandbox';

/** How a result is written in Lever: a note, or a feedback form. */
export type ReportDelivery = 'note' | 'feedback';

export type TunnelMode = 'flag' | 'quick' | 'named' | 'own';
/** The modes Setup can choose; `flag` is set by --public-url alone. */
export type ChosenTunnelMode = Exclude<TunnelMode, 'flag'>;
export type TunnelState = 'starting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

export type WorkspaceName = 'real' | 'demo';

export type TestDeliveryResult = DeliveryCheck;

export const STATUSES = ['pending', 'invited', 'started', 'expired', 'submitted', 'closed', 'failed'] as const;
export type InvitationStatus = (typeof STATUSES)[number];

export type StatusCounts = Record<InvitationStatus, number>;

export type InvitationSort = 'newest' | 'oldest' | 'name' | 'score' | 'updated';

export interface InvitationQuery {
  status?: InvitationStatus[];
  assessment?: string;
  posting?: string;
  q?: string;
  sort?: InvitationSort;
  limit?: number;
  offset?: number;
}

export const OUTCOMES = ['ok', 'ignored', 'skipped', 'rejected', 'retrying', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ActivityEntry extends Omit<GeneratedActivityEntry, 'kind' | 'source'> {
  kind: 'webhook' | 'action' | (string & {});
  source: 'lever' | 'qualified' | 'assessbridge' | (string & {});
}

export interface ActivityQuery {
  outcome?: Outcome;
  limit?: number;
  before?: number;
}

export type SettingsUpdate = SettingsChange;
