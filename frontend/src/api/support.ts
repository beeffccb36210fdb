import { useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { About, FileLocation } from './types.gen';

export type { About };

/** The address of the diagnostics file, answered as a download. */
export const DIAGNOSTICS_PATH = '/api/diagnostics';

export const supportApi = {
  about: () => request<About>('GET', '/api/about'),
  /** Desktop only: writes the diagnostics file into Downloads and answers where. */
  saveDiagnostics: () => request<FileLocation>('POST', '/api/diagnostics/save'),
  /** Desktop only: shows the data folder in the system's file manager. */
  openDataFolder: () => request<FileLocation>('POST', '/api/data-folder/open'),
};

export const aboutKey = ['about'] as const;

/** About never changes while the app runs. */
export const useAbout = () => useQuery({ queryKey: aboutKey, queryFn: supportApi.about, staleTime: Infinity });

const SYSTEMS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', windows: 'Windows', freebsd: 'FreeBSD' };

/** "Linux (amd64)", "macOS (arm64)". */
export function systemName(about: Pick<About, 'os' | 'arch'>): string {
  return `${SYSTEMS[about.os] ?? about.os} (${about.arch})`;
}

/** "0.9.0 (commit 1a2b3c4d5e6f)", "dev (commit 1a2b3c4d5e6f, with changes)", or "0.9.0". */
export function versionText(about: Pick<About, 'version' | 'commit' | 'modified'>): string {
  if (!about.commit) return about.version;
  return `${about.version} (commit ${about.commit}${about.modified ? ', with changes' : ''})`;
}
