import { useQuery } from '@tanstack/react-query';
import { request } from './client';

/** What this assessbridge knows of itself (GET /api/about). */
export interface About {
  /** "0.9.0", or "dev" for a build from source. */
  version: string;
  /** The commit it was built from, "" when unknown. */
  commit: string;
  /** Built from a checkout with changes not yet committed. */
  modified: boolean;
  /** Go's names: "linux", "darwin", "windows"; "amd64", "arm64". */
  os: string;
  arch: string;
  go: string;
  dataDir: string;
  /** Where keys are kept. */
  keys: 'keychain' | 'file';
  logFile: string;
  /** True in the desktop window: there a download is saved by the app, and the data folder can be opened. */
  desktop: boolean;
}

/** The address of the diagnostics file, answered as a download. */
export const DIAGNOSTICS_PATH = '/api/diagnostics';

export const supportApi = {
  about: () => request<About>('GET', '/api/about'),
  /** Desktop only: writes the diagnostics file into Downloads and answers where. */
  saveDiagnostics: () => request<{ path: string }>('POST', '/api/diagnostics/save'),
  /** Desktop only: shows the data folder in the system's file manager. */
  openDataFolder: () => request<{ path: string }>('POST', '/api/data-folder/open'),
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
