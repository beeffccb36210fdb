// Shapes of the admin API (docs/api.md). Times are RFC 3339 strings in UTC, or null.

export type Time = string;

export interface ApiErrorBody {
  error: string;
  code?: 'invalid' | 'not_found' | 'conflict' | 'unauthorized' | 'internal' | string;
}

export type SetupStepId =
  | 'lever'
  | 'environment'
  | 'qualified'
  | 'publicUrl'
  | 'webhook'
  | 'stageChangeToggle'
  | 'triggerStage';

export interface SetupStep {
  id: SetupStepId | string;
  title: string;
  done: boolean;
  detail?: string;
  error?: string;
}

export type LeverEnvironment = 'production' | 'sandbox';

export interface TriggerStage {
  stageId: string;
  name: string;
  since: Time | null;
}

export interface Status {
  demo: boolean;
  dataDir: string;
  lever: {
    connected: boolean;
    environment?: LeverEnvironment | '';
    method?: string;
    error?: string;
    /** Whether "Log in to Lever" can be used; when not, oauthReason says why. */
    oauthAvailable?: boolean;
    oauthReason?: string;
  };
  qualified: { connected: boolean; error?: string };
  publicUrl: string;
  webhook: {
    registered: boolean;
    url?: string;
    lastDeliveryAt?: Time | null;
    error?: string;
    /** Set when assessbridge may not register the webhook itself: the address to paste, and where. */
    manualUrl?: string;
    manualWhere?: string;
  };
  triggerStages: TriggerStage[];
  setup: SetupStep[];
  publicAddress?: PublicAddress;
  /** Where keys are kept; a warning when no keychain is available. */
  secrets?: { backend: string; warning?: string };
}

export type TunnelMode = 'flag' | 'quick' | 'named' | 'own';
export type TunnelState = 'starting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

export interface PublicAddress {
  mode: TunnelMode;
  state: TunnelState;
  url: string;
  error: string;
  since?: Time | null;
  hostname?: string;
  /** False when --public-url fixes the address. */
  editable: boolean;
}

export interface PublicAddressChoice {
  mode: Exclude<TunnelMode, 'flag'>;
  url?: string;
  token?: string;
  hostname?: string;
}

export interface TestDeliveryResult {
  arrived: boolean;
  lastDeliveryAt?: Time | null;
}

export interface Stage {
  id: string;
  text: string;
  trigger: boolean;
  since: Time | null;
}

export const STATUSES = ['pending', 'invited', 'started', 'submitted', 'closed', 'failed'] as const;
export type InvitationStatus = (typeof STATUSES)[number];

export type StatusCounts = Record<InvitationStatus, number>;

export interface Assessment {
  id: string;
  title: string;
  passingScore: number | null;
  published: boolean;
  tag: string;
  tags: { invited: string; started: string; submitted: string };
  counts: Partial<StatusCounts>;
}

export interface Candidate {
  opportunityId: string;
  name: string;
  email: string;
  postingId: string;
  postingTitle: string;
  profileUrl: string;
}

export interface ChallengeResult {
  title: string;
  score: number | null;
  language: string;
}

export interface Invitation {
  id: number;
  candidate: Candidate;
  assessmentId: string;
  assessmentTitle: string;
  status: InvitationStatus;
  tag: string;
  score: number | null;
  passed: boolean | null;
  timeSpentSeconds: number | null;
  challenges: ChallengeResult[] | null;
  reportUrl: string;
  error: string;
  invitedAt: Time | null;
  startedAt: Time | null;
  submittedAt: Time | null;
  updatedAt: Time | null;
}

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

export interface InvitationPage {
  invitations: Invitation[];
  total: number;
}

export interface Posting {
  id: string;
  title: string;
}

export interface FunnelRow {
  assessmentId: string;
  title: string;
  invited: number;
  started: number;
  submitted: number;
}

export const OUTCOMES = ['ok', 'ignored', 'skipped', 'rejected', 'retrying', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ActivityEntry {
  id: number;
  at: Time;
  kind: 'webhook' | 'action' | string;
  source: 'lever' | 'qualified' | 'assessbridge' | string;
  event: string;
  opportunityId?: string;
  invitationId?: number | null;
  outcome: Outcome | string;
  message: string;
  retryable: boolean;
}

export interface ActivityQuery {
  outcome?: Outcome;
  limit?: number;
  before?: number;
}

export interface Settings {
  leverOAuthClientId?: string;
  leverOAuthRedirectUrl?: string;
  leverOAuthClientSecretSet?: boolean;
  performAs: string;
  pollInterval: string;
  dataDir: string;
  secretsFile: string;
  notePreview: string;
}

export interface SettingsUpdate {
  leverOAuthClientId?: string;
  leverOAuthClientSecret?: string;
  leverOAuthRedirectUrl?: string;
  performAs?: string;
  pollInterval?: string;
}

export interface LeverUser {
  id: string;
  name: string;
  email: string;
}
