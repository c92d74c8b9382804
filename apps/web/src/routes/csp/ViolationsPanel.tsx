// What browsers reported in the last 7 days, grouped by directive, blocked origin and page, each with its
// last 24 hours (and the project's deploys in them: a violation that starts with a deploy came with it); and
// the noise set aside, by reason, so that nothing disappears without a count.

import { useDeployMarks } from '../../api/deploy-queries.ts';
import { type PlacedDeploy, placeDeploys, type TimeSpan } from '../../ui/deploy-marks.ts';
import { formatCount } from '../../ui/format.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { Sparkline } from '../../ui/Sparkline.tsx';
import type { CspGroup, ReportsSummary } from './csp-queries.ts';

const HOUR_MS = 3_600_000;
/** The sparkline shows the last 24 of each group's hourly counts. */
const SHOWN_HOURS = 24;

/** The span of the hours the sparklines show: the last 24 of the summary's hourly counts. */
function shownSpan(summary: ReportsSummary | undefined): TimeSpan | null {
  const hours = summary?.groups[0]?.hourly.length;
  if (!summary || hours === undefined) return null;
  const endMs = Date.parse(summary.hourlyStart) + hours * HOUR_MS;
  return { startMs: endMs - Math.min(hours, SHOWN_HOURS) * HOUR_MS, endMs };
}

export function ViolationsPanel({
  projectId,
  summary,
}: {
  projectId: number;
  summary: ReportsSummary | undefined;
}) {
  const noiseTotal = summary?.noise.reduce((sum, n) => sum + n.count, 0) ?? 0;
  const span = shownSpan(summary);
  const deploys = useDeployMarks([projectId], span);
  const placed = span ? placeDeploys(deploys, span) : [];
  return (
    <section className="panel settings-section" id="violations" aria-labelledby="violations-title">
      <h2 id="violations-title">Reported violations, last {summary?.days ?? 7} days</h2>
      {summary === undefined ? null : summary.groups.length === 0 ? (
        <p className="muted">
          No violations reported. Once a page runs under a policy that reports to Vigie, what it blocks (or
          would block) appears here within a minute.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="csp-table">
            <thead>
              <tr>
                <th scope="col">Directive</th>
                <th scope="col">Blocked</th>
                <th scope="col">Page</th>
                <th scope="col" className="num">
                  Reports
                </th>
                <th scope="col" className="csp-wide">
                  Last 24 h
                </th>
                <th scope="col" className="csp-wide">
                  Browsers
                </th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {summary.groups.map((g) => (
                <GroupRow key={g.id} group={g} deploys={placed} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {summary && noiseTotal > 0 ? (
        <details className="csp-noise">
          <summary>
            {formatCount(noiseTotal)} report{noiseTotal === 1 ? '' : 's'} set aside as noise
          </summary>
          <ul>
            {summary.noise.map((n) => (
              <li key={n.reason}>
                <strong className="num">{formatCount(n.count)}</strong> {n.reason}: {n.description}{' '}
                <span className="mono small muted">e.g. {n.example}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function GroupRow({ group, deploys }: { group: CspGroup; deploys: readonly PlacedDeploy[] }) {
  const sample = group.samples[0];
  return (
    <tr>
      <td className="mono">{group.directive}</td>
      <td className="mono csp-blocked">
        {group.blocked}
        {sample?.sample ? <div className="small muted csp-sample">“{sample.sample}”</div> : null}
        {sample?.sourceFile ? (
          <div className="small muted">
            in {sample.sourceFile}
            {sample.line === null ? '' : `:${sample.line}`}
          </div>
        ) : null}
      </td>
      <td className="mono">{group.page}</td>
      <td className="num">
        {formatCount(group.count)}
        {group.enforcedCount > 0 ? (
          <div className="small csp-enforced">{formatCount(group.enforcedCount)} blocked</div>
        ) : null}
      </td>
      <td className="csp-wide">
        <Sparkline counts={group.hourly.slice(-SHOWN_HOURS)} period="24h" deploys={deploys} />
      </td>
      <td className="small csp-wide">{group.browsers.map((b) => b.browser).join(', ')}</td>
      <td className="small">
        <RelativeTime iso={group.lastSeen} />
        {group.policyVersion === null ? null : <div className="muted">v{group.policyVersion}</div>}
      </td>
    </tr>
  );
}
