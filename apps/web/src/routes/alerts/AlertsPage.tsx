// A project's alerts: every alert that fired, why (the detector's numbers, in words and in a table), each
// delivery and every attempt; the dead-letter list with "Retry"; and the rules with "Send a test alert".

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useCan } from '../../api/permissions.ts';
import { projectsQuery } from '../../api/queries.ts';
import { exactTime } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import {
  type Alert,
  alertsQuery,
  channelsQuery,
  type Delivery,
  deadLettersQuery,
  KIND_LABELS,
  retryDelivery,
  rulesQuery,
  testRule,
} from './alerts-queries.ts';
import { DecisionNumbers } from './DecisionNumbers.tsx';
import { describeRule } from './rule-words.ts';
import './alerts.css';

export function AlertsPage() {
  const { projectId } = useParams({ from: '/app/projects/$projectId/alerts' });
  const id = Number(projectId);
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  return (
    <div className="page">
      <h1>
        <span className="muted">{project.data?.name ?? `Project ${projectId}`} /</span> Alerts
      </h1>
      <DeadLetters projectId={id} />
      <RulesPanel projectId={id} />
      <AlertHistory projectId={id} />
    </div>
  );
}

function DeadLetters({ projectId }: { projectId: number }) {
  const dead = useQuery(deadLettersQuery(projectId));
  const canManage = useCan(projectId, 'manage');
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: (deliveryId: number) => retryDelivery(projectId, deliveryId),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', projectId] }),
  });
  if (!dead.data || dead.data.length === 0) return null;
  return (
    <section className="panel dead-letters" aria-labelledby="dead-heading">
      <h2 id="dead-heading">Deliveries that failed</h2>
      <p className="muted small">Refused for good, or still failing after 24 hours of retries.</p>
      {retry.isError ? <ErrorNotice error={retry.error} title="Retry failed:" /> : null}
      <ul className="plain-list">
        {dead.data.map((d) => (
          <li key={d.id} className="dead-row">
            <span>
              <strong>{d.channelName}</strong> <span className="muted small">({d.channelKind})</span>
            </span>
            <span className="dead-error">{d.lastError ?? 'failed'}</span>
            {canManage ? (
              <button
                type="button"
                className="button button-small"
                disabled={retry.isPending}
                onClick={() => retry.mutate(d.id)}
              >
                Retry
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RulesPanel({ projectId }: { projectId: number }) {
  const rules = useQuery(rulesQuery(projectId));
  const channels = useQuery(channelsQuery(projectId));
  const canManage = useCan(projectId, 'manage');
  const client = useQueryClient();
  const [tested, setTested] = useState<{ ruleId: number; text: string } | null>(null);
  const test = useMutation({
    mutationFn: (ruleId: number) => testRule(projectId, ruleId),
    onSuccess: (alert, ruleId) => {
      const outcomes = alert.deliveries.map((d) => `${d.channelName}: ${d.status}`).join(', ');
      setTested({ ruleId, text: `Test alert sent. ${outcomes}.` });
    },
    onError: (error, ruleId) => setTested({ ruleId, text: error.message }),
    onSettled: () => client.invalidateQueries({ queryKey: ['projects', projectId, 'alerts'] }),
  });
  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? `channel ${id}`;
  return (
    <section className="panel" aria-labelledby="rules-heading">
      <div className="section-head">
        <h2 id="rules-heading">Rules</h2>
        <Link to="/projects/$projectId/settings/alerts" params={{ projectId: String(projectId) }}>
          {canManage ? 'Edit rules and channels' : 'Rules and channels'}
        </Link>
      </div>
      {rules.isPending ? <Loading what="the rules" /> : null}
      {rules.isError ? <ErrorNotice error={rules.error} /> : null}
      <ul className="plain-list rule-list">
        {rules.data?.map((rule) => (
          <li key={rule.id} className="rule-row">
            <div>
              <p className="rule-name">
                {rule.name} {rule.enabled ? null : <span className="badge">off</span>}
              </p>
              <p className="muted small">{describeRule(rule, channelName)}</p>
              {tested?.ruleId === rule.id ? (
                <p className="small" role="status">
                  {tested.text}
                </p>
              ) : null}
            </div>
            {canManage ? (
              <button
                type="button"
                className="button button-small"
                disabled={test.isPending}
                onClick={() => test.mutate(rule.id)}
              >
                Send a test alert
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {channels.data?.length === 0 ? (
        <p className="muted small">
          This project has no channels yet: the rules fire, but nothing is sent until a PagerDuty, Slack,
          webhook or e-mail channel is added in the alert settings.
        </p>
      ) : null}
    </section>
  );
}

function AlertHistory({ projectId }: { projectId: number }) {
  const alerts = useInfiniteQuery(alertsQuery(projectId));
  const items = alerts.data?.pages.flatMap((p) => p.alerts) ?? [];
  return (
    <section className="panel" aria-labelledby="history-heading" aria-busy={alerts.isFetching}>
      <h2 id="history-heading">History</h2>
      {alerts.isPending ? <Loading what="the alert history" /> : null}
      {alerts.isError ? <ErrorNotice error={alerts.error} /> : null}
      {alerts.data && items.length === 0 ? (
        <p className="muted">
          No alert has fired yet. Alerts appear here when a rule fires: a new issue, a regression, a spike.
        </p>
      ) : null}
      <ol className="plain-list alert-list">
        {items.map((alert) => (
          <AlertEntry key={alert.id} alert={alert} />
        ))}
      </ol>
      {alerts.hasNextPage ? (
        <button
          type="button"
          className="button"
          disabled={alerts.isFetchingNextPage}
          onClick={() => void alerts.fetchNextPage()}
        >
          Older alerts
        </button>
      ) : null}
    </section>
  );
}

function AlertEntry({ alert }: { alert: Alert }) {
  const decision = (alert.details as { decision?: unknown }).decision;
  return (
    <li className="alert-entry">
      <div className="alert-head">
        <span className="badge">{KIND_LABELS[alert.kind]}</span>
        {alert.issueId !== null ? (
          <Link to="/issues/$issueId" params={{ issueId: String(alert.issueId) }} className="alert-title">
            {alert.title}
          </Link>
        ) : (
          <span className="alert-title">{alert.title}</span>
        )}
        <span className="muted small alert-time">
          <RelativeTime iso={alert.createdAt} />
        </span>
      </div>
      <p className="alert-why">{alert.why}</p>
      <p className="muted small">
        {alert.ruleName ? `Rule: ${alert.ruleName}` : null}
        {alert.resolvedAt ? (
          <>
            {alert.ruleName ? ' · ' : null}resolved <RelativeTime iso={alert.resolvedAt} /> (
            {exactTime(alert.resolvedAt)}, after {durationWords(alert.createdAt, alert.resolvedAt)})
          </>
        ) : alert.kind === 'trigger' &&
          (alert.condition === 'escalation' || alert.condition === 'project_spike') ? (
          <>{alert.ruleName ? ' · ' : null}still open: it resolves after 15 quiet minutes</>
        ) : null}
        {alert.digestId !== null ? ' · sent in a digest' : null}
      </p>
      {decision ? <DecisionNumbers decision={decision} /> : null}
      {alert.deliveries.length > 0 ? (
        <ul className="plain-list delivery-list" aria-label="Deliveries">
          {alert.deliveries.map((d) => (
            <DeliveryLine key={d.id} delivery={d} />
          ))}
        </ul>
      ) : (
        <p className="muted small">No channel received it: the rule names none the project has.</p>
      )}
    </li>
  );
}

/** "23 minutes", "2 hours 5 minutes". */
function durationWords(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}

function DeliveryLine({ delivery }: { delivery: Delivery }) {
  return (
    <li>
      <details className="delivery">
        <summary>
          <span className={`delivery-status delivery-${delivery.status}`}>{delivery.status}</span>{' '}
          {delivery.channelName}{' '}
          <span className="muted small">
            ({delivery.channelKind}, {delivery.attempts.length} attempt
            {delivery.attempts.length === 1 ? '' : 's'})
          </span>
        </summary>
        <ol className="attempt-list">
          {delivery.attempts.map((a) => (
            <li key={a.at + a.outcome}>
              <RelativeTime iso={a.at} /> · {a.outcome}
              {a.statusCode !== null ? ` · ${a.statusCode}` : ''}
              {a.error ? <span className="attempt-error"> · {a.error}</span> : null}
            </li>
          ))}
          {delivery.nextAttemptAt ? (
            <li className="muted">
              next attempt <RelativeTime iso={delivery.nextAttemptAt} />
            </li>
          ) : null}
        </ol>
      </details>
    </li>
  );
}
