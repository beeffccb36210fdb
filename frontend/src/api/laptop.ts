import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { LaptopApp, Quitting, StartAtLogin } from './types.gen';

export type { LaptopApp, StartAtLogin };

// The desktop app lives as a laptop app does: closing its window leaves it running (it keeps
// inviting candidates), quitting is a choice of its own, and it can start when the recruiter logs
// in. `serve` answers too, with desktop false and start at login not available.

export const laptopKey = ['laptop-app'] as const;

export const laptopApi = {
  app: () => request<LaptopApp>('GET', '/api/app'),
  setStartAtLogin: (enabled: boolean) => request<StartAtLogin>('PUT', '/api/app/start-at-login', { enabled }),
  /** Desktop only: ends assessbridge, as Quit in its menu does. */
  quit: () => request<Quitting>('POST', '/api/app/quit'),
};

/** The desktop app's own state; read again on each visit, as the system's settings can change it. */
export const useLaptopApp = (enabled = true) =>
  useQuery({ queryKey: laptopKey, queryFn: laptopApi.app, enabled, staleTime: 0, retry: false });

/** Turns start at login on or off, and keeps the answer as the new state. */
export function useSetStartAtLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: laptopApi.setStartAtLogin,
    onSuccess: (startAtLogin) =>
      queryClient.setQueryData<LaptopApp>(laptopKey, (app) => (app ? { ...app, startAtLogin } : app)),
  });
}

/** Where "Not now" on Setup's suggestion is remembered. */
export const START_AT_LOGIN_DISMISSED = 'assessbridge.startAtLoginSuggestion.dismissed';
