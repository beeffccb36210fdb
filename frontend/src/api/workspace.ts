import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, request } from './client';
import type { Status, WorkspaceName } from './types';
import type { Workspace } from './types.gen';

export type { Workspace, WorkspaceName };

// The desktop app's two workspaces: the recruiter's own setup, and the demo with simulated Lever
// and Qualified accounts in a folder of its own. Only the desktop window answers /api/workspace;
// `serve` and `assessbridge demo` answer 404, which means "not the desktop app": no demo card, no
// banner.

export const WORKSPACE_PATH = '/api/workspace';
export const workspaceKey = ['workspace'] as const;

/** The open workspace, or null where there is no choice of workspace (not the desktop app). */
export async function fetchWorkspace(): Promise<Workspace | null> {
  try {
    return await request<Workspace>('GET', WORKSPACE_PATH);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Opens the other workspace; resolves once it runs (the page then reloads onto it). */
export const switchWorkspace = (workspace: WorkspaceName) =>
  request<Workspace>('PUT', WORKSPACE_PATH, { workspace });

/** The open workspace; it changes only with a reload, so it is asked once. */
export const useWorkspace = () =>
  useQuery({ queryKey: workspaceKey, queryFn: fetchWorkspace, staleTime: Infinity, retry: false });

/** Loads the app again on the workspace just opened, on the screen named. */
export function reloadOnto(workspace: WorkspaceName) {
  window.location.hash = workspace === 'demo' ? '#/dashboard' : '#/setup';
  window.location.reload();
}

/** Switches workspace, then reloads onto it (tests pass their own onSwitched). */
export function useSwitchWorkspace(onSwitched: (workspace: WorkspaceName) => void = reloadOnto) {
  return useMutation({
    mutationFn: switchWorkspace,
    onSuccess: (result) => onSwitched(result.workspace),
  });
}

/**
 * Nothing of the real setup is done yet: no Lever (nor a Lever login that stopped working), no
 * Qualified, no webhook, no delivery, no trigger stage. The public address does not count: the
 * quick tunnel makes one by itself.
 */
export function nothingSetUp(status: Status): boolean {
  return (
    !status.lever.connected &&
    !status.lever.error &&
    !status.qualified.connected &&
    !status.webhook.registered &&
    !status.webhook.lastDeliveryAt &&
    status.triggerStages.length === 0
  );
}

/**
 * Setup offers the demo only in the desktop app, on the real workspace, while nothing is set up.
 * That also keeps it away from a live integration (Lever connected and a trigger stage), whose
 * candidates would not be invited while the demo runs; the app refuses that switch itself too.
 */
export function offersDemo(status: Status, workspace: Workspace | null | undefined): boolean {
  return workspace?.workspace === 'real' && !status.demo && nothingSetUp(status);
}
