// One release beside the release first seen before it: the health figures side by side with the change,
// its new issues and regressions, its deploys, and every verdict the deploy gate gave about it. Where neither
// release sent sessions (an SDK that only traces), its requests and errors per request stand in for them.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { projectsQuery } from '../../api/queries.ts';
import { exactTime, formatCount } from '../../ui/format.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { GateVerdict } from './GateVerdicts.tsx';
import { DeployWords, PeriodPicker } from './ReleasesPage.tsx';
import {
  HEALTH_PERIODS,
  percent,
  perSession,
  type ReleaseHealth,
  releasePageQuery,
} from './releases-queries.ts';
import './releases.css';

type Figure = {
  name: string;
  /** Figures of sessions, or of requests (traced transactions): shown only when either release has some. */
  basis?: 'sessions' | 'requests';
  value: (r: ReleaseHealth) => number | null;
  show: (x: number | null) => string;
  /** Whether a higher value is the better one. */
  higherIsBetter: boolean;
};

const FIGURES: Figure[] = [
  {
    name: 'Adoption (last 24 hours)',
    basis: 'sessions',
    value: (r) => r.adoption,
    show: (x) => percent(x, 0),
    higherIsBetter: true,
  },
  {
    name: 'Sessions',
    basis: 'sessions',
    value: (r) => r.sessions,
    show: (x) => (x === null ? '—' : formatCount(x)),
    higherIsBetter: true,
  },
  {
    name: 'Crash-free sessions',
    basis: 'sessions',
    value: (r) => r.crashFreeSessions,
    show: (x) => percent(x),
    higherIsBetter: true,
  },
  {
    name: 'Crash-free users',
    basis: 'sessions',
    value: (r) => r.crashFreeUsers,
    show: (x) => percent(x),
    higherIsBetter: true,
  },
  {
    name: 'Errors per session',
    basis: 'sessions',
    value: (r) => r.errorsPerSession,
    show: perSession,
    higherIsBetter: false,
  },
  {
    name: 'Requests',
    basis: 'requests',
    value: (r) => r.requests,
    show: (x) => (x === null ? '—' : formatCount(Math.round(x))),
    higherIsBetter: true,
  },
  {
    name: 'Errors per request',
    basis: 'requests',
    value: (r) => r.errorsPerRequest,
    show: perSession,
    higherIsBetter: false,
  },
  {
    name: 'Error events',
    value: (r) => r.errorEvents,
    show: (x) => (x === null ? '—' : formatCount(x)),
    higherIsBetter: false,
  },
  {
    name: 'New issues',
    value: (r) => r.newIssues,
    show: (x) => (x === null ? '—' : formatCount(x)),
    higherIsBetter: false,
  },
  {
    name: 'Regressions',
    value: (r) => r.regressions,
    show: (x) => (x === null ? '—' : formatCount(x)),
    higherIsBetter: false,
  },
];

/** "+0.021", "−1.20 points"… in the figure's own unit, with whether it got better or worse. */
function change(f: Figure, mine: number | null, theirs: number | null): { text: string; tone: string } {
  if (mine === null || theirs === null) return { text: '', tone: '' };
  const delta = mine - theirs;
  if (Math.abs(delta) < 1e-9) return { text: 'same', tone: 'muted' };
  const isRate = f.show === perSession;
  const isPercent = f.name.startsWith('Crash') || f.name.startsWith('Adoption');
  const size = isPercent
    ? `${Math.abs(delta * 100).toFixed(2)} points`
    : isRate
      ? Math.abs(delta).toFixed(3)
      : formatCount(Math.round(Math.abs(delta)));
  const better = f.higherIsBetter ? delta > 0 : delta < 0;
  if (f.name === 'Sessions' || f.name.startsWith('Adoption') || f.name.startsWith('Requests'))
    return { text: `${delta > 0 ? '+' : '−'}${size}`, tone: 'muted' };
  return { text: `${delta > 0 ? '+' : '−'}${size}`, tone: better ? 'change-better' : 'change-worse' };
}

export function ReleasePage() {
  const { projectId, version } = useParams({ from: '/app/projects/$projectId/releases/$version' });
  const period = useSearch({ from: '/app/projects/$projectId/releases/$version' }).period ?? '7d';
  const navigate = useNavigate({ from: '/projects/$projectId/releases/$version' });
  const id = Number(projectId);
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  const page = useQuery(releasePageQuery(id, version, period));
  const data = page.data;
  return (
    <div className="page release-page">
      <div className="section-head">
        <h1>
          <span className="muted">
            {project.data?.name ?? `Project ${projectId}`} /{' '}
            <Link to="/projects/$projectId/releases" params={{ projectId }} search={{ period }}>
              Releases
            </Link>{' '}
            /
          </span>{' '}
          <span className="mono">{version}</span>
        </h1>
        <PeriodPicker period={period} onChange={(p) => void navigate({ search: { period: p } })} />
      </div>
      {page.isError ? <ErrorNotice error={page.error} /> : null}
      {page.isPending ? <SkeletonRows rows={6} /> : null}
      {data ? (
        <>
          <p className="muted release-meta">
            First seen <RelativeTime iso={data.release.firstSeen} /> ({exactTime(data.release.firstSeen)}),
            last seen <RelativeTime iso={data.release.lastSeen} />.
          </p>
          <Comparison release={data.release} previous={data.previous} projectId={id} period={period} />
          <div className="panel-grid">
            <IssueList
              title="New issues"
              empty="No issue was first seen in this release."
              issues={data.newIssues}
            />
            <IssueList
              title="Regressions"
              empty="No resolved issue came back with this release in the period."
              issues={data.regressions}
            />
          </div>
          <section className="panel" aria-labelledby="release-deploys-heading">
            <h2 id="release-deploys-heading">Deploys</h2>
            {data.deploys.length === 0 ? (
              <p className="muted small">No deploy of this release was recorded.</p>
            ) : (
              <ol className="plain-list deploy-list">
                {data.deploys.map((d) => (
                  <li key={d.id} className="deploy-entry">
                    <DeployWords deploy={d} />
                    <span className="muted small"> by {d.createdBy}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="panel" aria-labelledby="release-verdicts-heading">
            <h2 id="release-verdicts-heading">Gate verdicts</h2>
            {data.verdicts.length === 0 ? (
              <p className="muted small">The deploy gate was not asked about this release.</p>
            ) : (
              <ol className="plain-list verdict-list">
                {data.verdicts.map((v) => (
                  <GateVerdict key={v.id} verdict={v} projectId={id} />
                ))}
              </ol>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}

function Comparison({
  release,
  previous,
  projectId,
  period,
}: {
  release: ReleaseHealth;
  previous: ReleaseHealth | null;
  projectId: number;
  period: string;
}) {
  const sides = previous ? [release, previous] : [release];
  const figures = FIGURES.filter(
    (f) =>
      f.basis === undefined ||
      (f.basis === 'sessions'
        ? sides.some((r) => r.sessions > 0) || sides.every((r) => r.requests === 0)
        : sides.some((r) => r.requests > 0)),
  );
  return (
    <section className="panel" aria-labelledby="compare-heading">
      <h2 id="compare-heading">{previous ? 'Compared with the release before it' : 'Health'}</h2>
      <div className="table-scroll">
        <table className="numbers-table compare-table">
          <thead>
            <tr>
              <th scope="col">
                Over the last {HEALTH_PERIODS.find((p) => p.id === period)?.label ?? period}
              </th>
              <th scope="col" className="num mono">
                {release.version}
              </th>
              {previous ? (
                <>
                  <th scope="col" className="num">
                    <Link
                      to="/projects/$projectId/releases/$version"
                      params={{ projectId: String(projectId), version: previous.version }}
                      className="mono"
                    >
                      {previous.version}
                    </Link>
                  </th>
                  <th scope="col" className="num">
                    Change
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => {
              const mine = f.value(release);
              const theirs = previous ? f.value(previous) : null;
              const delta = change(f, mine, theirs);
              return (
                <tr key={f.name}>
                  <th scope="row">{f.name}</th>
                  <td className="num">{f.show(mine)}</td>
                  {previous ? (
                    <>
                      <td className="num">{f.show(theirs)}</td>
                      <td className={`num ${delta.tone}`}>{delta.text}</td>
                    </>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {figures.some((f) => f.basis === 'requests') ? (
        <p className="muted small">
          Requests are estimated from traced transactions: each counts for 1 / its trace's sample rate.
        </p>
      ) : null}
      {previous ? null : (
        <p className="muted small">This is the project's first release: nothing to compare with.</p>
      )}
    </section>
  );
}

function IssueList({
  title,
  empty,
  issues,
}: {
  title: string;
  empty: string;
  issues: ReadonlyArray<{ issueId: number; title: string; events: number }>;
}) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {issues.length === 0 ? <p className="muted small">{empty}</p> : null}
      <ul className="plain-list release-issues">
        {issues.map((issue) => (
          <li key={issue.issueId}>
            <Link
              to="/issues/$issueId"
              params={{ issueId: String(issue.issueId) }}
              className="release-issue-title"
            >
              {issue.title}
            </Link>
            <span className="muted small num">{formatCount(issue.events)} events</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
