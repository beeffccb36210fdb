import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { keys } from './queries';
import type { InvitationLever, LifecycleSettings } from './types.gen';

export type { InvitationLever, LifecycleSettings };

// A candidate's life in Lever after the invitation: what the dashboard shows of it, and the
// switch that cancels an archived candidate's invitation.

/** Under the settings key, so the `settings` live-update topic refreshes it too. */
export const lifecycleSettingsKey = [...keys.settings, 'lifecycle'] as const;

export const lifecycleApi = {
  settings: () => request<LifecycleSettings>('GET', '/api/lifecycle/settings'),
  setCancelOnArchive: (cancelOnArchive: boolean) =>
    request<LifecycleSettings>('PUT', '/api/lifecycle/settings', { cancelOnArchive }),
};

export const useLifecycleSettings = () => useQuery({ queryKey: lifecycleSettingsKey, queryFn: lifecycleApi.settings });

/** Turns cancel-on-archive on or off, and keeps the answer as the new state. */
export function useSetCancelOnArchive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: lifecycleApi.setCancelOnArchive,
    onSuccess: (settings) => queryClient.setQueryData(lifecycleSettingsKey, settings),
  });
}

/** What the dashboard row says of the candidate's life in Lever, or null when nothing. */
export function leverLifeLabel(lever: InvitationLever | undefined): string | null {
  if (!lever) return null;
  const parts: string[] = [];
  if (lever.state === 'archived') {
    parts.push(lever.cancelled ? 'archived in Lever — invitation cancelled' : 'archived in Lever');
  } else if (lever.state === 'unarchived') {
    parts.push('unarchived');
  }
  if (lever.hiredAt) parts.push('hired');
  return parts.length ? parts.join(' · ') : null;
}
