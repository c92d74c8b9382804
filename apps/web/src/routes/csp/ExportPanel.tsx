// The draft in the generator's formats: an HTTP header, a meta tag, helmet, secure_headers, nginx, caddy.

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { ErrorNotice } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { type ExportFormat, exportPolicy } from './csp-queries.ts';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'header', label: 'HTTP header' },
  { value: 'meta', label: '<meta> tag' },
  { value: 'helmet', label: 'helmet (Express)' },
  { value: 'secure_headers', label: 'secure_headers (Rails)' },
  { value: 'nginx', label: 'nginx' },
  { value: 'caddy', label: 'Caddy' },
];

export function ExportPanel({ projectId, draft }: { projectId: number; draft: string }) {
  const [format, setFormat] = useState<ExportFormat>('header');
  const [reportOnly, setReportOnly] = useState(true);
  const exported = useMutation({ mutationFn: () => exportPolicy(projectId, draft, format, reportOnly) });
  return (
    <section className="panel settings-section" id="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="inline-form">
        <SelectField
          label="Format"
          inline
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </SelectField>
        <label>
          <input type="checkbox" checked={reportOnly} onChange={(e) => setReportOnly(e.target.checked)} />{' '}
          Report-only
        </label>
        <button
          type="button"
          className="button"
          disabled={draft.trim() === ''}
          onClick={() => exported.mutate()}
        >
          Export the draft
        </button>
      </div>
      {exported.isError ? <ErrorNotice error={exported.error} /> : null}
      {exported.data ? (
        <div className="csp-header-line">
          <div className="csp-header-name">
            <span className="small muted">
              {FORMATS.find((f) => f.value === exported.data.format)?.label}
            </span>
            <CopyButton text={exported.data.text} what="the exported policy" />
          </div>
          <pre className="mono code-block csp-export">{exported.data.text}</pre>
        </div>
      ) : null}
    </section>
  );
}
