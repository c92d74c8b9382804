// The stream's pickers: environment and release (from the API: the environments and releases the
// project's events came with), each setting or clearing its term in the search, and the period of
// the rows' sparklines.

import { useQuery } from '@tanstack/react-query';
import { environmentsQuery, releasesQuery } from '../../api/stream-queries.ts';
import { termValue, withTerm } from './search-terms.ts';
import type { SparklinePeriod } from './stream-search.ts';

interface Props {
  projectId: number;
  query: string;
  onQuery: (query: string) => void;
  period: SparklinePeriod;
  onPeriod: (period: SparklinePeriod) => void;
}

const ALL = '';

function Picker(props: {
  label: string;
  all: string;
  value: string | null;
  options: readonly string[];
  onChange: (value: string | null) => void;
}) {
  const { value, options } = props;
  // A value typed in the search that the list does not hold (an older release) is still shown.
  const shown = value !== null && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="picker">
      <span>{props.label}</span>
      <select
        value={value ?? ALL}
        onChange={(e) => props.onChange(e.target.value === ALL ? null : e.target.value)}
      >
        <option value={ALL}>{props.all}</option>
        {shown.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StreamFilters({ projectId, query, onQuery, period, onPeriod }: Props) {
  const environments = useQuery(environmentsQuery(projectId));
  const releases = useQuery(releasesQuery(projectId));
  return (
    <div className="stream-filters">
      <Picker
        label="Environment"
        all="All environments"
        value={termValue(query, 'environment')}
        options={environments.data?.map((e) => e.name) ?? []}
        onChange={(value) => onQuery(withTerm(query, 'environment', value))}
      />
      <Picker
        label="Release"
        all="All releases"
        value={termValue(query, 'release')}
        options={releases.data?.map((r) => r.version) ?? []}
        onChange={(value) => onQuery(withTerm(query, 'release', value))}
      />
      <fieldset className="segmented period">
        <legend className="visually-hidden">Graph of each issue</legend>
        {(['24h', '14d'] as const).map((p) => (
          <button
            key={p}
            type="button"
            className="segment"
            aria-pressed={period === p}
            onClick={() => onPeriod(p)}
          >
            {p === '24h' ? '24 hours' : '14 days'}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
