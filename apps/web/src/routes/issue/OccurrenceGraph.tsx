// How often the issue happened: its events per bucket over 24 hours, 7 days, 30 days or a chosen
// range (kept in the URL), with the releases first seen and the deploys in that range as markers, and
// the hovered bucket's count and time. A table of the same numbers serves screen readers (the deploy
// markers are links named in words).

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { issueSeriesQuery } from '../../api/issue-queries.ts';
import { fromLocalInput, toLocalInput } from '../../ui/datetime-local.ts';
import { exactTime, formatCount } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { type GraphRange, PERIODS } from './issue-search.ts';
import { type ChartPoint, SeriesChart } from './SeriesChart.tsx';

const events = (n: number) => `${formatCount(n)} ${n === 1 ? 'event' : 'events'}`;

const INTERVAL_WORDS: Record<string, string> = { '1h': 'hour', '1d': 'day', '1m': 'minute' };
const bucketWord = (interval: string) => INTERVAL_WORDS[interval] ?? `${interval} bucket`;

const DAY_MS = 86_400_000;

function rangeWords(range: GraphRange): string {
  if ('period' in range)
    return `in the last ${PERIODS.find((p) => p.id === range.period)?.label ?? range.period}`;
  return `from ${exactTime(range.start)} to ${exactTime(range.end)}`;
}

export function OccurrenceGraph({
  issueId,
  projectId,
  range,
  onRangeChange,
}: {
  issueId: number;
  projectId: number;
  range: GraphRange;
  onRangeChange: (range: GraphRange) => void;
}) {
  const series = useQuery(issueSeriesQuery(issueId, range));
  const [hovered, setHovered] = useState<ChartPoint | null>(null);
  const [choosing, setChoosing] = useState(false);
  const custom = 'start' in range;
  const data = series.data;
  const per = data ? bucketWord(data.interval) : '';

  return (
    <section className="panel graph" aria-labelledby="graph-heading">
      <div className="section-head">
        <h2 id="graph-heading">Occurrences</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Range</legend>
          {PERIODS.map((p) => (
            <button
              key={p.id}
              type="button"
              className="segment"
              aria-pressed={!custom && !choosing && range.period === p.id}
              onClick={() => {
                setChoosing(false);
                onRangeChange({ period: p.id });
              }}
            >
              {p.label}
            </button>
          ))}
          <button
            type="button"
            className="segment"
            aria-pressed={custom || choosing}
            aria-expanded={custom || choosing}
            aria-controls="graph-range"
            onClick={() => setChoosing(true)}
          >
            Range…
          </button>
        </fieldset>
      </div>
      {custom || choosing ? (
        <RangeForm
          range={range}
          onApply={(chosen) => {
            setChoosing(false);
            onRangeChange(chosen);
          }}
        />
      ) : null}
      {series.isError ? <ErrorNotice error={series.error} /> : null}
      <p className="muted small graph-readout" aria-live="off">
        {hovered
          ? `${events(hovered.count)} · ${per} from ${exactTime(hovered.start)}`
          : data
            ? `${events(data.total)} ${rangeWords(range)}, per ${per}`
            : ' '}
      </p>
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
          {data.releases.length > 0 ? (
            <ul className="visually-hidden">
              {data.releases.map((r) => (
                <li key={r.version}>
                  Release {r.version} first seen {exactTime(r.firstSeen)}
                </li>
              ))}
            </ul>
          ) : null}
          {/* A table ignores the 1 px box of visually-hidden: its wrapper holds it, or its rows lengthen the page. */}
          <div className="visually-hidden">
            <table>
              <caption>Events per {per}</caption>
              <tbody>
                {data.points.map((p) => (
                  <tr key={p.start}>
                    <th scope="row">{exactTime(p.start)}</th>
                    <td>{p.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <div className="graph-canvas skeleton-block" aria-hidden="true" />
      )}
    </section>
  );
}

function RangeForm({ range, onApply }: { range: GraphRange; onApply: (range: GraphRange) => void }) {
  const initial =
    'start' in range
      ? range
      : { start: new Date(Date.now() - 7 * DAY_MS).toISOString(), end: new Date().toISOString() };
  const [from, setFrom] = useState(toLocalInput(initial.start));
  const [to, setTo] = useState(toLocalInput(initial.end));
  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  const problem =
    start === null || end === null
      ? 'Pick both times.'
      : start >= end
        ? 'The start must come before the end.'
        : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (start !== null && end !== null && problem === null) onApply({ start, end });
  };
  return (
    <form id="graph-range" className="range-form" onSubmit={submit}>
      <label className="field-inline">
        <span>From</span>
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
      </label>
      <label className="field-inline">
        <span>To</span>
        <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
      </label>
      <button type="submit" className="button" disabled={problem !== null}>
        Show
      </button>
      {problem && from !== '' && to !== '' ? (
        <span className="muted small" role="status">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
