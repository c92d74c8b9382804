// What the alert settings pages read and change: the project's channels (add, edit, delete, test), its
// rules (add, edit, delete, test) and its alert settings (false-page budget, escalation channel, digest).

import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type RuleInput = BodyOf<'/api/v1/projects/{id}/alert-rules', 'post'>;
export type ChannelInput = BodyOf<'/api/v1/projects/{id}/alert-channels', 'post'>;
export type ChannelUpdate = BodyOf<'/api/v1/projects/{id}/alert-channels/{channelId}', 'put'>;
export type AlertSettings = ResponseOf<'/api/v1/projects/{id}/alert-settings', 'get'>;
export type SettingsInput = BodyOf<'/api/v1/projects/{id}/alert-settings', 'put'>;
export type TestResult = ResponseOf<'/api/v1/projects/{id}/alert-channels/{channelId}/test', 'post'>;

const project = (projectId: number) => ({ id: String(projectId) });

export const alertSettingsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'alert-settings'],
    queryFn: () =>
      ok(api.GET('/api/v1/projects/{id}/alert-settings', { params: { path: project(projectId) } })),
    staleTime: 60_000,
  });

export const saveAlertSettings = (projectId: number, body: SettingsInput) =>
  ok(api.PUT('/api/v1/projects/{id}/alert-settings', { params: { path: project(projectId) }, body }));

export const createRule = (projectId: number, body: RuleInput) =>
  ok(api.POST('/api/v1/projects/{id}/alert-rules', { params: { path: project(projectId) }, body }));

export const updateRule = (projectId: number, ruleId: number, body: RuleInput) =>
  ok(
    api.PUT('/api/v1/projects/{id}/alert-rules/{ruleId}', {
      params: { path: { ...project(projectId), ruleId: String(ruleId) } },
      body,
    }),
  );

export const deleteRule = (projectId: number, ruleId: number) =>
  ok(
    api.DELETE('/api/v1/projects/{id}/alert-rules/{ruleId}', {
      params: { path: { ...project(projectId), ruleId: String(ruleId) } },
    }),
  );

export const createChannel = (projectId: number, body: ChannelInput) =>
  ok(api.POST('/api/v1/projects/{id}/alert-channels', { params: { path: project(projectId) }, body }));

export const updateChannel = (projectId: number, channelId: number, body: ChannelUpdate) =>
  ok(
    api.PUT('/api/v1/projects/{id}/alert-channels/{channelId}', {
      params: { path: { ...project(projectId), channelId: String(channelId) } },
      body,
    }),
  );

export const deleteChannel = (projectId: number, channelId: number) =>
  ok(
    api.DELETE('/api/v1/projects/{id}/alert-channels/{channelId}', {
      params: { path: { ...project(projectId), channelId: String(channelId) } },
    }),
  );

export const testChannel = (projectId: number, channelId: number) =>
  ok(
    api.POST('/api/v1/projects/{id}/alert-channels/{channelId}/test', {
      params: { path: { ...project(projectId), channelId: String(channelId) } },
    }),
  );

export const CHANNEL_KIND_NAMES = {
  pagerduty: 'PagerDuty',
  slack: 'Slack',
  webhook: 'Webhook',
  email: 'E-mail',
} as const;
