import { useCallback } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { keys } from './queries';

// What changed, in the words of the server's live updates (`event: change`, data
// `{"changed":["invitations","activity"]}`) and of the screen's own changes: each topic names the
// answers that are read again when it changes, and nothing else is.

export const TOPICS = ['status', 'invitations', 'activity', 'settings', 'triggerStages', 'lever', 'assessments'] as const;
export type Topic = (typeof TOPICS)[number];

/** The query keys (or key prefixes) each topic refreshes: the one table of what depends on what. */
export const TOPIC_KEYS: Record<Topic, readonly QueryKey[]> = {
  // GET /api/status
  status: [keys.status],
  // GET /api/invitations (every page and filter), GET /api/funnel; GET /api/postings too, since
  // it lists the postings of the candidates stored here, and a new candidate can bring a new one.
  invitations: [keys.invitationsAll, keys.funnel, keys.postings],
  // GET /api/activity (both lists)
  activity: [keys.activityAll],
  // GET /api/settings
  settings: [keys.settings],
  // GET /api/trigger-stages
  triggerStages: [keys.triggerStages],
  // Read live from Lever: GET /api/stages, GET /api/users; and GET /api/postings, which a new
  // Lever account changes.
  lever: [keys.stages, keys.users, keys.postings],
  // Read live from Qualified: GET /api/assessments
  assessments: [keys.assessments],
};

/**
 * What an event that names nothing refreshes (a server from before topics sends `data: {}`):
 * everything read from assessbridge's own database, never an answer read live from Lever or
 * Qualified, which would spend Lever's requests on every webhook.
 */
export const LOCAL_TOPICS: readonly Topic[] = ['status', 'invitations', 'activity', 'settings', 'triggerStages'];

const isTopic = (value: unknown): value is Topic => (TOPICS as readonly unknown[]).includes(value);

/**
 * The topics a `change` event's data names. Data that names none (`{}`, `{"changed":[]}`, or
 * unreadable) comes from an older server and means LOCAL_TOPICS. Topics this screen does not know
 * (from a newer server) are left out: nothing here shows them.
 */
export function topicsOfChange(data: unknown): Topic[] {
  let changed: unknown;
  try {
    changed = typeof data === 'string' && data.trim() ? (JSON.parse(data) as { changed?: unknown })?.changed : undefined;
  } catch {
    changed = undefined;
  }
  if (!Array.isArray(changed) || changed.length === 0) return [...LOCAL_TOPICS];
  return [...new Set(changed.filter(isTopic))];
}

/** The query keys to refresh for these topics, each once. */
export function keysFor(topics: Iterable<Topic>): QueryKey[] {
  const seen = new Set<string>();
  const out: QueryKey[] = [];
  for (const topic of topics) {
    for (const key of TOPIC_KEYS[topic]) {
      const id = JSON.stringify(key);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(key);
    }
  }
  return out;
}

/** Marks the answers of these topics out of date; those on screen are read again at once. */
export async function invalidateTopics(client: QueryClient, topics: Iterable<Topic>): Promise<void> {
  await Promise.all(keysFor(topics).map((queryKey) => client.invalidateQueries({ queryKey })));
}

/** For a change made on this screen: refreshes what it changed, by topic. */
export function useInvalidateTopics(): (...topics: Topic[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback((...topics: Topic[]) => invalidateTopics(client, topics), [client]);
}
