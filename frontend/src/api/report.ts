import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { keys } from './queries';
import type { ReportPreview, ReportSettings, ReportSettingsChange } from './types.gen';

export type { ReportFeedbackField, ReportField, ReportPreview, ReportSettings, ReportSettingsChange } from './types.gen';
export type { ReportDelivery } from './types';

// What assessbridge writes in Lever when a candidate submits an assessment: a note or a feedback
// form, Qualified's PDF report as a file, the integrity check. The settings' key sits under the
// "assessments" topic's prefix (topics.ts), so a change saved elsewhere refreshes it.

export const reportKeys = {
  settings: (assessmentId: string) => [...keys.assessments, assessmentId, 'report'] as const,
};

const settingsPath = (assessmentId: string) => `/api/assessments/${encodeURIComponent(assessmentId)}/report`;

export const reportApi = {
  settings: (assessmentId: string) => request<ReportSettings>('GET', settingsPath(assessmentId)),
  save: (assessmentId: string, change: ReportSettingsChange) =>
    request<ReportSettings>('PUT', settingsPath(assessmentId), change),
  preview: (assessmentId: string, change: ReportSettingsChange) =>
    request<ReportPreview>('POST', `${settingsPath(assessmentId)}/preview`, change),
};

export const useReportSettings = (assessmentId: string) =>
  useQuery({ queryKey: reportKeys.settings(assessmentId), queryFn: () => reportApi.settings(assessmentId) });

/** Saves what is written in Lever for an assessment; the answer is the settings as saved. */
export function useSaveReportSettings(assessmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: ReportSettingsChange) => reportApi.save(assessmentId, change),
    onSuccess: (saved) => client.setQueryData(reportKeys.settings(assessmentId), saved),
  });
}

/** Renders what would be written with the settings sent, saved or not; nothing is written. */
export const useReportPreview = (assessmentId: string) =>
  useMutation({ mutationFn: (change: ReportSettingsChange) => reportApi.preview(assessmentId, change) });
