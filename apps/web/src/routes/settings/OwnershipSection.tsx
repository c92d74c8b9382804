// Project settings → Ownership (docs/ownership.md): the mode (off, suggest, auto-assign), the hand-written
// rules as text with the server's problems at their line and column, the owners the rules name that Vigie
// does not know, a preview of the draft against an issue before saving, and the imported CODEOWNERS file.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import {
  type OwnershipMode,
  type OwnershipSettings,
  ownershipQuery,
  ruleProblems,
} from '../../api/ownership-queries.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { CodeownersPanel } from './CodeownersPanel.tsx';
import { OwnershipPreview } from './OwnershipPreview.tsx';
import { RuleProblems, UnknownOwners } from './OwnershipProblems.tsx';
import { RULES_HEADER } from './ownership-text.ts';
import './ownership-settings.css';

const MODES: { mode: OwnershipMode; label: string; help: string }[] = [
  { mode: 'off', label: 'Off', help: 'No suggested owners.' },
  {
    mode: 'suggest',
    label: 'Suggest',
    help: 'Each issue shows its suggested owner, in the stream and on its page; a person assigns it.',
  },
  {
    mode: 'auto',
    label: 'Auto-assign',
    help: 'New and regressed issues nobody is assigned to go to their suggested owner; the activity log names the rule.',
  },
];

export function OwnershipSection({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const settings = useQuery(ownershipQuery(projectId));
  return (
    <section className="panel settings-section" id="ownership" aria-labelledby="ownership-title">
      <h2 id="ownership-title">Ownership</h2>
      <p className="muted">
        Who owns each issue: rules match an issue’s in-app frames (<code>path:</code>, <code>module:</code>),
        its request URL (<code>url:</code>), its tags (<code>tags.feature:</code>) or its culprit (
        <code>culprit:</code>) and name its owners, teams (<code>#billing</code>) or members (by email).
      </p>
      {settings.isPending ? <SkeletonRows rows={4} /> : null}
      {settings.isError ? <ErrorNotice error={settings.error} /> : null}
      {settings.isSuccess ? (
        <OwnershipForms projectId={projectId} settings={settings.data} canManage={canManage} />
      ) : null}
    </section>
  );
}

function OwnershipForms({
  projectId,
  settings,
  canManage,
}: {
  projectId: number;
  settings: OwnershipSettings;
  canManage: boolean;
}) {
  const [draft, setDraft] = useState(settings.rules === '' ? `${RULES_HEADER}\n` : settings.rules);
  return (
    <>
      <ModeChoice projectId={projectId} mode={settings.mode} canManage={canManage} />
      {settings.recomputing ? (
        <p className="notice notice-info" role="status">
          Recomputing the suggested owners of the project’s issues…
        </p>
      ) : null}
      <RulesEditor
        projectId={projectId}
        settings={settings}
        canManage={canManage}
        draft={draft}
        onDraftChange={setDraft}
      />
      <OwnershipPreview projectId={projectId} draft={canManage ? draft : undefined} />
      <CodeownersPanel projectId={projectId} settings={settings} canManage={canManage} />
    </>
  );
}

function useSaveOwnership(projectId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { mode?: OwnershipMode; rules?: string }) =>
      ok(api.PUT('/api/v1/projects/{id}/ownership', { params: { path: { id: String(projectId) } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(ownershipQuery(projectId).queryKey, saved);
      // Suggestions change with the rules: the stream and issue pages read them again.
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'ownership-suggestions'] });
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[2] === 'owners' });
    },
  });
}

function ModeChoice({
  projectId,
  mode,
  canManage,
}: {
  projectId: number;
  mode: OwnershipMode;
  canManage: boolean;
}) {
  const save = useSaveOwnership(projectId);
  // The choice shows at once; if the server refuses it, the saved mode comes back.
  const [chosen, setChosen] = useState(mode);
  const shown = save.isError ? mode : chosen;
  const current = MODES.find((m) => m.mode === shown)!;
  if (!canManage) {
    return (
      <p>
        Mode: <strong>{current.label}</strong>. <span className="muted">{current.help}</span>
      </p>
    );
  }
  return (
    <fieldset className="choices ownership-modes">
      <legend>Mode</legend>
      {MODES.map((m) => (
        <label key={m.mode} className="choice">
          <input
            type="radio"
            name="ownership-mode"
            value={m.mode}
            checked={shown === m.mode}
            onChange={() => {
              setChosen(m.mode);
              save.mutate({ mode: m.mode });
            }}
          />
          <span>
            <strong>{m.label}</strong> <span className="muted">{m.help}</span>
          </span>
        </label>
      ))}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? (
        <p className="notice notice-ok" role="status">
          Mode saved: {current.label.toLowerCase()}.
        </p>
      ) : null}
    </fieldset>
  );
}

function RulesEditor(props: {
  projectId: number;
  settings: OwnershipSettings;
  canManage: boolean;
  draft: string;
  onDraftChange: (text: string) => void;
}) {
  const { projectId, settings, canManage, draft, onDraftChange } = props;
  const save = useSaveOwnership(projectId);
  const editor = useRef<HTMLTextAreaElement>(null);
  const problems = save.isError ? ruleProblems(save.error) : null;
  const mine = problems?.filter((p) => p.source === 'rules') ?? [];
  const unknown = settings.unknownOwners.filter((u) => u.source === 'rules');
  const saved = settings.rules === '' ? `${RULES_HEADER}\n` : settings.rules;
  if (!canManage) {
    return (
      <div className="ownership-rules">
        <h3>Rules</h3>
        {settings.rules.trim() === '' ? (
          <p className="muted">No hand-written rules yet.</p>
        ) : (
          <pre className="code-block ownership-rules-text">{settings.rules}</pre>
        )}
        <UnknownOwners owners={unknown} />
        <p className="muted small">Only the project’s owners and admins change the rules.</p>
      </div>
    );
  }
  return (
    <form
      className="ownership-rules"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ rules: draft });
      }}
    >
      <h3>
        <label htmlFor="ownership-rules-text">Rules</label>
      </h3>
      <p className="muted small" id="ownership-rules-help">
        One rule a line: a matcher, then one or more owners. <strong>The last matching rule wins</strong>, as
        in Sentry: broad rules first, exceptions after them. Lines starting with <code>#</code> are comments.
      </p>
      <textarea
        id="ownership-rules-text"
        ref={editor}
        className="mono ownership-editor"
        value={draft}
        onChange={(e) => onDraftChange(e.target.value)}
        rows={Math.min(20, Math.max(8, draft.split('\n').length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-describedby="ownership-rules-help"
        aria-invalid={mine.length > 0 ? true : undefined}
        wrap="off"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save rules
        </button>
        {draft !== saved ? (
          <>
            <span className="muted small">Unsaved changes</span>
            <button type="button" className="button button-quiet" onClick={() => onDraftChange(saved)}>
              Discard changes
            </button>
          </>
        ) : null}
      </div>
      {problems ? (
        <RuleProblems
          title="Nothing was saved: these lines cannot be read."
          problems={problems}
          editor={editor}
          text={draft}
        />
      ) : save.isError ? (
        <ErrorNotice error={save.error} />
      ) : null}
      {save.isSuccess && draft === saved ? (
        <p className="notice notice-ok" role="status">
          Rules saved. Vigie recomputes the suggested owners of the project’s issues.
        </p>
      ) : null}
      <UnknownOwners owners={unknown} />
    </form>
  );
}
