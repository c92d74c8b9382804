// The gate's kept verdicts: the answer, who asked and through what, the two sides' numbers, and the judge's
// reasons. The releases page lists the project's latest beside its deploys; a release's page lists its own.

import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { exactTime } from '../../ui/format.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { type KeptVerdict, percent, perSession } from './releases-queries.ts';

const VIA_WORDS: Record<string, string> = {
  api: 'the API',
  cli: 'vigie gate',
  argo: 'Argo Rollouts',
  flagger: 'Flagger',
  dashboard: 'the dashboard',
};

export function VerdictBadge({ verdict }: { verdict: string }) {
  return <span className={`badge verdict verdict-${verdict}`}>{verdict}</span>;
}

function side(environment: string) {
  return environment === '' ? 'all environments' : environment;
}

/** "≈800", then "400 traced at 0.5": the requests a side's transactions stand for, and what they were. */
function requests(side: KeptVerdict['metrics']['candidate']): ReactNode {
  const rate = side.sampleRate === null ? '' : ` at ${Number(side.sampleRate.toPrecision(3))}`;
  return (
    <>
      ≈{Math.round(side.requests).toLocaleString()}
      <span className="muted small traced-note">
        {side.transactions.toLocaleString()} traced{rate}
      </span>
    </>
  );
}

export function GateVerdict({ verdict, projectId }: { verdict: KeptVerdict; projectId: number }) {
  const { candidate, baseline } = verdict.metrics;
  // Judged per request where sessions were absent: those are the numbers the verdict rests on.
  const perRequest: Array<[string, ReactNode, ReactNode]> = [
    ['Requests', requests(candidate), requests(baseline)],
    ['Error events', candidate.errorEvents.toLocaleString(), baseline.errorEvents.toLocaleString()],
    ['Errors per request', perSession(candidate.errorsPerRequest), perSession(baseline.errorsPerRequest)],
  ];
  const perSessionRows: Array<[string, ReactNode, ReactNode]> = [
    ['Sessions', candidate.sessions.toLocaleString(), baseline.sessions.toLocaleString()],
    ['Crash-free sessions', percent(candidate.crashFreeSessions), percent(baseline.crashFreeSessions)],
    [
      'Sessions with errors',
      percent(candidate.sessions ? candidate.erroredSessions / candidate.sessions : null),
      percent(baseline.sessions ? baseline.erroredSessions / baseline.sessions : null),
    ],
    ['Errors per session', perSession(candidate.errorsPerSession), perSession(baseline.errorsPerSession)],
  ];
  const rows = verdict.metrics.denominator === 'requests' ? perRequest : perSessionRows;
  const release = (version: string) => (
    <Link
      to="/projects/$projectId/releases/$version"
      params={{ projectId: String(projectId), version }}
      className="mono"
    >
      {version}
    </Link>
  );
  return (
    <li className="verdict-entry">
      <div className="verdict-head">
        <VerdictBadge verdict={verdict.verdict} />
        <span className="verdict-title">
          {release(verdict.release)} <span className="muted">({side(verdict.environment)})</span> against{' '}
          {release(verdict.baseline)} <span className="muted">({side(verdict.baselineEnvironment)})</span>,
          last {verdict.window}
        </span>
        <span className="muted small" title={exactTime(verdict.askedAt)}>
          <RelativeTime iso={verdict.askedAt} />
        </span>
      </div>
      <p className="muted small verdict-asker">
        Asked by {verdict.askedBy} through {VIA_WORDS[verdict.askedVia] ?? verdict.askedVia}
      </p>
      <details className="verdict-details">
        <summary>The numbers and why</summary>
        <div className="table-scroll">
          <table className="numbers-table">
            <thead>
              <tr>
                <th scope="col">Over the window</th>
                <th scope="col" className="num">
                  {verdict.release}
                </th>
                <th scope="col" className="num">
                  {verdict.baseline}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([name, c, b]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="num">{c}</td>
                  <td className="num">{b}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="verdict-reasons">
          {verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </details>
    </li>
  );
}
