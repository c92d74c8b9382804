// A project's releases: its events with the releases and deploys marked, each release's health (adoption,
// crash-free sessions and users, errors per session, new issues, regressions, last deploy), and the latest
// deploys and gate verdicts side by side.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { projectsQuery } from '../../api/queries.ts';
import { exactTime, formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { type ChartPoint, SeriesChart } from '../issue/SeriesChart.tsx';
import { GateVerdict } from './GateVerdicts.tsx';
import {
  type Deploy,
  deploysQuery,
  HEALTH_PERIODS,
  type HealthPeriod,
  percent,
  perSession,
  projectSeriesQuery,
  type ReleaseHealth,
  releaseHealthQuery,
  verdictsQuery,
} from './releases-queries.ts';
import './releases.css';

export function ReleasesPage() {
  const { projectId } = useParams({ from: '/app/projects/$projectId/releases' });
  const period = useSearch({ from: '/app/projects/$projectId/releases' }).period ?? '7d';
  const navigate = useNavigate({ from: '/projects/$projectId/releases' });
  const id = Number(projectId);
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  return (
    <div className="page releases-page">
      <div className="section-head">
        <h1>
          <span className="muted">{project.data?.name ?? `Project ${projectId}`} /</span> Releases
        </h1>
        <PeriodPicker period={period} onChange={(p) => void navigate({ search: { period: p } })} />
      </div>
      <EventsGraph projectId={id} period={period} />
      <ReleaseTable projectId={id} period={period} />
      <div className="panel-grid releases-activity">
        <DeployList projectId={id} />
        <VerdictList projectId={id} />
      </div>
    </div>
  );
}

function EventsGraph({ projectId, period }: { projectId: number; period: HealthPeriod }) {
  const graphPeriod = period === '24h' ? '24h' : period === '7d' ? '7d' : '30d';
  const series = useQuery(projectSeriesQuery(projectId, graphPeriod));
  const [hovered, setHovered] = useState<ChartPoint | null>(null);
  const data = series.data;
  return (
    <section className="panel graph" aria-labelledby="events-heading">
      <div className="section-head">
        <h2 id="events-heading">Events, releases and deploys</h2>
        <span className="muted small" aria-live="polite">
          {hovered
            ? `${formatCount(hovered.count)} events, ${exactTime(hovered.start)}`
            : data
              ? `${formatCount(data.total)} events`
              : ''}
        </span>
      </div>
      {series.isError ? <ErrorNotice error={series.error} /> : null}
      {data ? (
        <>
          <SeriesChart
            projectId={projectId}
            points={data.points}
            end={data.end}
            releases={data.releases}
            deploys={data.deploys}
            onHover={setHovered}
          />
          <p className="muted small graph-legend">
            <span className="legend-release">release first seen</span>{' '}
            <span className="legend-deploy">deploy</span>
          </p>
        </>
      ) : (
        <div className="graph-canvas skeleton-block" aria-hidden="true" />
      )}
    </section>
  );
}

function ReleaseTable({ projectId, period }: { projectId: number; period: HealthPeriod }) {
  const health = useQuery(releaseHealthQuery(projectId, period));
  const releases = health.data?.releases ?? [];
  return (
    <section className="panel" aria-labelledby="releases-heading" aria-busy={health.isFetching}>
      <h2 id="releases-heading">Release health</h2>
      {health.isError ? <ErrorNotice error={health.error} /> : null}
      {health.isPending ? <SkeletonRows rows={4} /> : null}
      {health.data && releases.length === 0 ? (
        <p className="muted">
          No release sent anything in this period. Set <code>release</code> in the SDK's options (and keep
          release health on) to see each release's sessions and crashes here.
        </p>
      ) : null}
      {releases.length > 0 ? (
        <div className="table-scroll">
          <table className="release-table">
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col" className="num">
                  Adoption
                </th>
                <th scope="col" className="num">
                  Crash-free sessions
                </th>
                <th scope="col" className="num">
                  Crash-free users
                </th>
                <th scope="col" className="num">
                  Errors per session
                </th>
                <th scope="col" className="num">
                  New issues
                </th>
                <th scope="col" className="num">
                  Regressions
                </th>
                <th scope="col">Last deploy</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <ReleaseRow key={r.version} release={r} projectId={projectId} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted small">
        Adoption: share of the last 24 hours' sessions. Crash-free users count only SDKs that send each
        session (browsers, mobile); server SDKs send sessions in aggregate.
      </p>
    </section>
  );
}

function ReleaseRow({ release: r, projectId }: { release: ReleaseHealth; projectId: number }) {
  return (
    <tr>
      <th scope="row">
        <Link
          to="/projects/$projectId/releases/$version"
          params={{ projectId: String(projectId), version: r.version }}
          className="mono release-link"
        >
          {r.version}
        </Link>
        <span className="muted small release-first-seen">
          first seen <RelativeTime iso={r.firstSeen} />
        </span>
      </th>
      <td className="num">{percent(r.adoption, 0)}</td>
      <td className="num">
        {percent(r.crashFreeSessions)}
        <span className="muted small"> of {formatCount(r.sessions)}</span>
      </td>
      <td className="num">{percent(r.crashFreeUsers)}</td>
      <td className="num">{perSession(r.errorsPerSession)}</td>
      <td className={r.newIssues > 0 ? 'num figure-new' : 'num'}>{formatCount(r.newIssues)}</td>
      <td className="num">{formatCount(r.regressions)}</td>
      <td>{r.lastDeploy ? <DeployWords deploy={r.lastDeploy} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

export function DeployWords({ deploy }: { deploy: Deploy }) {
  return (
    <span title={exactTime(deploy.finishedAt)}>
      {deploy.environment}
      {deploy.strategy ? <span className="muted"> · {deploy.strategy}</span> : null},{' '}
      <RelativeTime iso={deploy.finishedAt} />
    </span>
  );
}

function DeployList({ projectId }: { projectId: number }) {
  const deploys = useQuery(deploysQuery(projectId));
  return (
    <section className="panel" aria-labelledby="deploys-heading">
      <h2 id="deploys-heading">Deploys</h2>
      {deploys.isPending ? <Loading what="the deploys" /> : null}
      {deploys.isError ? <ErrorNotice error={deploys.error} /> : null}
      {deploys.data?.length === 0 ? (
        <p className="muted small">
          No deploy recorded yet. Pipelines record them with <code>vigie deploy</code>,{' '}
          <code>sentry-cli releases deploys VERSION new -e ENV</code> or <code>POST …/deploys</code>.
        </p>
      ) : null}
      <ol className="plain-list deploy-list">
        {deploys.data?.map((d) => (
          <li key={d.id} className="deploy-entry">
            <Link
              to="/projects/$projectId/releases/$version"
              params={{ projectId: String(projectId), version: d.release }}
              className="mono"
            >
              {d.release}
            </Link>{' '}
            <DeployWords deploy={d} />
            <span className="muted small deploy-by">
              {' '}
              by {d.createdBy}
              {d.url ? (
                <>
                  {' · '}
                  <a href={d.url} rel="noreferrer noopener" target="_blank">
                    pipeline run
                  </a>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function VerdictList({ projectId }: { projectId: number }) {
  const verdicts = useQuery(verdictsQuery(projectId));
  return (
    <section className="panel" aria-labelledby="verdicts-heading">
      <h2 id="verdicts-heading">Gate verdicts</h2>
      {verdicts.isPending ? <Loading what="the verdicts" /> : null}
      {verdicts.isError ? <ErrorNotice error={verdicts.error} /> : null}
      {verdicts.data?.length === 0 ? (
        <p className="muted small">
          Nobody has asked the deploy gate yet: <code>vigie gate --release X --baseline Y</code>, Argo
          Rollouts or Flagger ask it before shifting traffic (see docs/deploy-gate.md).
        </p>
      ) : null}
      <ol className="plain-list verdict-list">
        {verdicts.data?.map((v) => (
          <GateVerdict key={v.id} verdict={v} projectId={projectId} />
        ))}
      </ol>
    </section>
  );
}

/** The health figures' period, as segmented buttons (the releases page and a release's page). */
export function PeriodPicker({
  period,
  onChange,
}: {
  period: HealthPeriod;
  onChange: (p: HealthPeriod) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Period</legend>
      {HEALTH_PERIODS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="segment"
          aria-pressed={period === p.id}
          onClick={() => onChange(p.id)}
        >
          {p.label}
        </button>
      ))}
    </fieldset>
  );
}
