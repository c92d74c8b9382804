// The imported GitHub CODEOWNERS file, kept apart from the hand-written rules: where it came from and
// when, refresh (read it again from GitHub, or paste a new one), remove; and the mapping from the GitHub
// handles it names to the project's members and teams, with the handles still unmapped.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import {
  type CodeownersImport,
  type HandleChoice,
  type OwnershipSettings,
  ownershipQuery,
  ruleProblems,
} from '../../api/ownership-queries.ts';
import { membersQuery } from '../../api/queries.ts';
import { githubQuery } from '../../api/settings-queries.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { RuleProblems, UnknownOwners } from './OwnershipProblems.tsx';

type Props = { projectId: number; settings: OwnershipSettings; canManage: boolean };

function useOwnershipChange<T>(projectId: number, send: (body: T) => Promise<OwnershipSettings>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (saved) => {
      queryClient.setQueryData(ownershipQuery(projectId).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'ownership-suggestions'] });
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[2] === 'owners' });
    },
  });
}

export function CodeownersPanel({ projectId, settings, canManage }: Props) {
  const { codeowners } = settings;
  const path = { id: String(projectId) };
  const importFile = useOwnershipChange(projectId, (body: CodeownersImport) =>
    ok(api.POST('/api/v1/projects/{id}/ownership/codeowners', { params: { path }, body })),
  );
  const remove = useOwnershipChange(projectId, (_: undefined) =>
    ok(api.DELETE('/api/v1/projects/{id}/ownership/codeowners', { params: { path } })),
  );
  const origin = codeowners.origin;
  const imported = origin !== null;
  return (
    <section className="ownership-codeowners" aria-labelledby="codeowners-title">
      <h3 id="codeowners-title">CODEOWNERS</h3>
      <p className="muted small">
        A GitHub <code>CODEOWNERS</code> file, imported as path rules. They are kept apart from the rules
        above and tested before them, so a hand-written rule overrides the file.
      </p>
      {imported ? (
        <div className="codeowners-state">
          <p>
            <strong>
              {codeowners.ruleCount} {codeowners.ruleCount === 1 ? 'rule' : 'rules'}
            </strong>{' '}
            {origin.kind === 'github' ? (
              <>
                from <span className="mono">{origin.repository}</span>:
                <span className="mono">{origin.path}</span>
              </>
            ) : (
              'pasted'
            )}
            {codeowners.syncedAt ? (
              <>
                , imported <RelativeTime iso={codeowners.syncedAt} />
              </>
            ) : null}
            .
          </p>
          {canManage ? (
            <div className="form-actions">
              {origin.kind === 'github' ? (
                <button
                  type="button"
                  className="button"
                  disabled={importFile.isPending}
                  onClick={() =>
                    importFile.mutate({ source: 'github', ...(origin.path ? { path: origin.path } : {}) })
                  }
                >
                  Refresh from GitHub
                </button>
              ) : null}
              <ConfirmButton
                label="Remove"
                accessibleLabel="Remove the imported CODEOWNERS rules"
                title="Remove the CODEOWNERS rules?"
                confirmLabel="Remove them"
                onConfirm={() => remove.mutate(undefined)}
                disabled={remove.isPending}
              >
                <p>
                  The imported rules go; the hand-written rules and the handle mapping stay. Issues are
                  recomputed.
                </p>
              </ConfirmButton>
            </div>
          ) : null}
          <details>
            <summary>The file</summary>
            <pre className="code-block ownership-rules-text">{codeowners.text}</pre>
          </details>
        </div>
      ) : (
        <p>No CODEOWNERS file imported.</p>
      )}
      <UnknownOwners owners={settings.unknownOwners.filter((u) => u.source === 'codeowners')} />
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {canManage ? <ImportForm projectId={projectId} importFile={importFile} imported={imported} /> : null}
      {imported || settings.handles.length > 0 ? (
        <HandleMapping projectId={projectId} settings={settings} canManage={canManage} />
      ) : null}
    </section>
  );
}

function ImportForm({
  projectId,
  importFile,
  imported,
}: {
  projectId: number;
  importFile: ReturnType<typeof useOwnershipChange<CodeownersImport>>;
  imported: boolean;
}) {
  const github = useQuery(githubQuery(projectId));
  const [source, setSource] = useState<'paste' | 'github'>('paste');
  const [text, setText] = useState('');
  const [filePath, setFilePath] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    importFile.mutate(
      source === 'paste'
        ? { source: 'paste', text }
        : { source: 'github', ...(filePath.trim() ? { path: filePath.trim() } : {}) },
      { onSuccess: () => setText('') },
    );
  };
  const problems = importFile.isError ? ruleProblems(importFile.error) : null;
  const repository = github.data?.repository;
  return (
    <form className="codeowners-import" onSubmit={submit}>
      <fieldset className="segmented-radio">
        <legend className="visually-hidden">Where the file comes from</legend>
        <label className="choice">
          <input type="radio" checked={source === 'paste'} onChange={() => setSource('paste')} />
          Paste it
        </label>
        <label className="choice">
          <input type="radio" checked={source === 'github'} onChange={() => setSource('github')} />
          Read it from GitHub
        </label>
      </fieldset>
      {source === 'paste' ? (
        <div className="field">
          <label htmlFor="codeowners-text">CODEOWNERS file</label>
          <textarea
            id="codeowners-text"
            className="mono ownership-editor"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={6}
            spellCheck={false}
            wrap="off"
            placeholder={'# Lines as GitHub reads them\n/src/billing/  @acme/billing\n*.py  @ana'}
            required
          />
        </div>
      ) : repository ? (
        <div className="field">
          <label htmlFor="codeowners-path">Path in {repository}</label>
          <input
            id="codeowners-path"
            className="mono"
            value={filePath}
            onChange={(e) => setFilePath(e.target.value)}
            placeholder=".github/CODEOWNERS"
            aria-describedby="codeowners-path-hint"
          />
          <span id="codeowners-path-hint" className="muted small">
            Empty: GitHub’s own places, in its order (.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS).
          </span>
        </div>
      ) : (
        <p className="notice notice-info">
          The project has no GitHub integration yet: set its repository and token under{' '}
          <a href="#github">GitHub</a> first.
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={importFile.isPending || (source === 'github' && !repository)}
        >
          {imported ? 'Replace the imported file' : 'Import'}
        </button>
      </div>
      {problems ? (
        <RuleProblems title="Nothing was imported: these lines cannot be read." problems={problems} />
      ) : importFile.isError ? (
        <ErrorNotice error={importFile.error} />
      ) : null}
      {importFile.isSuccess ? (
        <p className="notice notice-ok" role="status">
          CODEOWNERS imported. Map its handles below.
        </p>
      ) : null}
    </form>
  );
}

/** `user:ana@example.com` or `team:billing`, as the selects hold them. */
const choiceOf = (h: OwnershipSettings['handles'][number]) =>
  h.user ? `user:${h.user.email}` : h.team ? `team:${h.team.slug}` : '';

function HandleMapping({ projectId, settings, canManage }: Props) {
  const members = useQuery(membersQuery(projectId));
  const saved = new Map(settings.handles.map((h) => [h.handle, choiceOf(h)]));
  for (const handle of settings.unmappedHandles) if (!saved.has(handle)) saved.set(handle, '');
  // The person's changes not saved yet, over the saved mapping (which an import or a refresh changes).
  const [edits, setEdits] = useState<ReadonlyMap<string, string>>(new Map());
  const mappedTo = (handle: string) => edits.get(handle) ?? saved.get(handle) ?? '';
  const save = useOwnershipChange(projectId, (handles: HandleChoice[]) =>
    ok(
      api.PUT('/api/v1/projects/{id}/ownership/handles', {
        params: { path: { id: String(projectId) } },
        body: { handles },
      }),
    ),
  );
  const rows = [...saved.keys()].sort();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const handles = rows.flatMap((handle): HandleChoice[] => {
      const value = mappedTo(handle);
      if (value.startsWith('user:')) return [{ handle, user: value.slice(5) }];
      if (value.startsWith('team:')) return [{ handle, team: value.slice(5) }];
      return [];
    });
    save.mutate(handles, { onSuccess: () => setEdits(new Map()) });
  };
  const unmapped = new Set(settings.unmappedHandles);
  const people = (members.data ?? []).flatMap((m) => (m.user ? [m.user] : []));
  const teams = (members.data ?? []).flatMap((m) => (m.team ? [m.team] : []));
  return (
    <form className="handle-mapping" onSubmit={submit}>
      <h4>GitHub handles</h4>
      {rows.length === 0 ? (
        <p className="muted">The file names no GitHub handle.</p>
      ) : (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Handle</th>
              <th scope="col">Vigie member or team</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((handle) => (
              <tr key={handle}>
                <td className="mono">
                  {handle}
                  {unmapped.has(handle) ? (
                    <>
                      {' '}
                      <span className="badge">unmapped</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {canManage ? (
                    <SelectField
                      label={`${handle} is`}
                      value={mappedTo(handle)}
                      onChange={(e) => setEdits(new Map(edits).set(handle, e.target.value))}
                    >
                      <option value="">not mapped</option>
                      <optgroup label="Teams">
                        {teams.map((t) => (
                          <option key={t.id} value={`team:${t.slug}`}>
                            #{t.slug}
                          </option>
                        ))}
                      </optgroup>
                      <optgroup label="Members">
                        {people.map((u) => (
                          <option key={u.id} value={`user:${u.email}`}>
                            {u.email}
                          </option>
                        ))}
                      </optgroup>
                    </SelectField>
                  ) : (
                    choiceOf(
                      settings.handles.find((h) => h.handle === handle) ?? {
                        handle,
                        user: null,
                        team: null,
                      },
                    )
                      .replace(/^team:/, '#')
                      .replace(/^user:/, '') || 'not mapped'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && rows.length > 0 ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save the mapping
          </button>
        </div>
      ) : null}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? (
        <p className="notice notice-ok" role="status">
          Mapping saved.
        </p>
      ) : null}
    </form>
  );
}
