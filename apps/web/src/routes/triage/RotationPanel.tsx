// The rotation: who is on duty in the coming weeks, one person a week from Monday; managers change
// who is in it, in which order, and from which week.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCan } from '../../api/permissions.ts';
import { exactTime } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { candidatesQuery, type Rotation, type RotationUser, saveRotation } from './triage-queries.ts';
import { weekSpan } from './weeks.ts';

const personName = (u: RotationUser) => u.name || u.email;

export function RotationPanel({ projectId, rotation }: { projectId: number; rotation: Rotation }) {
  const canManage = useCan(projectId, 'manage');
  const [editing, setEditing] = useState(false);
  return (
    <section className="panel" aria-labelledby="rotation-heading">
      <div className="section-head">
        <h2 id="rotation-heading">Rotation</h2>
        {canManage && !editing ? (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit the rotation
          </button>
        ) : null}
      </div>
      {editing ? (
        <RotationEditor projectId={projectId} rotation={rotation} onDone={() => setEditing(false)} />
      ) : rotation.upcoming.length === 0 ? (
        <p className="muted">
          No rotation yet.{' '}
          {canManage
            ? 'Edit it to put the people who triage in order: each takes one week, from Monday 00:00 UTC.'
            : 'A manager of the project can set one up.'}
        </p>
      ) : (
        <ol className="rotation-weeks">
          {rotation.upcoming.map((turn, i) => (
            <li key={turn.week} className={i === 0 ? 'is-current' : undefined}>
              <span className="rotation-week">
                {i === 0 ? 'This week' : i === 1 ? 'Next week' : turn.week}
                <span className="muted small" title={exactTime(turn.startsAt)}>
                  {' '}
                  {weekSpan(turn.startsAt)}
                </span>
              </span>
              <span className="rotation-person">
                {personName(turn.user)}
                {turn.user.name ? <span className="muted small"> {turn.user.email}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RotationEditor({
  projectId,
  rotation,
  onDone,
}: {
  projectId: number;
  rotation: Rotation;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const candidates = useQuery(candidatesQuery(projectId));
  const [people, setPeople] = useState<RotationUser[]>(rotation.users);
  const [startWeek, setStartWeek] = useState(rotation.anchorWeek ?? rotation.currentWeek);
  const [adding, setAdding] = useState('');
  const save = useMutation({
    mutationFn: () => saveRotation(projectId, { userIds: people.map((p) => p.id), startWeek }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['projects', projectId, 'rotation'], saved);
      await queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'triage-report'] });
      onDone();
    },
  });
  const others = (candidates.data ?? []).filter((c) => !people.some((p) => p.id === c.id));
  const move = (from: number, to: number) =>
    setPeople((list) => {
      const next = [...list];
      const [person] = next.splice(from, 1);
      if (person) next.splice(to, 0, person);
      return next;
    });
  return (
    <form
      className="rotation-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {people.length === 0 ? (
        <p className="muted">Nobody in the rotation: add the people who triage.</p>
      ) : null}
      <ol className="rotation-order">
        {people.map((person, i) => (
          <li key={person.id}>
            <span className="rotation-person">
              {personName(person)}
              {person.name ? <span className="muted small"> {person.email}</span> : null}
            </span>
            <span className="rotation-moves">
              <button
                type="button"
                className="button button-quiet"
                onClick={() => move(i, i - 1)}
                disabled={i === 0}
                aria-label={`Move ${personName(person)} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => move(i, i + 1)}
                disabled={i === people.length - 1}
                aria-label={`Move ${personName(person)} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setPeople((list) => list.filter((p) => p.id !== person.id))}
                aria-label={`Remove ${personName(person)}`}
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="rotation-fields">
        <label className="field">
          <span>Add a person</span>
          <span className="rotation-add">
            <select value={adding} onChange={(e) => setAdding(e.target.value)} disabled={others.length === 0}>
              <option value="">
                {candidates.isPending ? 'Loading…' : others.length === 0 ? 'Everyone is in' : 'Choose…'}
              </option>
              {others.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name ? `${c.name} (${c.email})` : c.email}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              disabled={adding === ''}
              onClick={() => {
                const person = others.find((c) => String(c.id) === adding);
                if (person) setPeople((list) => [...list, person]);
                setAdding('');
              }}
            >
              Add
            </button>
          </span>
        </label>
        <label className="field">
          <span>The first person is on duty the week of</span>
          <input
            type="week"
            value={startWeek}
            onChange={(e) => setStartWeek(e.target.value)}
            pattern="\d{4}-W\d{2}"
            placeholder="2026-W50"
            required
          />
        </label>
      </div>
      {candidates.isError ? <ErrorNotice error={candidates.error} /> : null}
      {save.isError ? <ErrorNotice error={save.error} title="The rotation was not saved:" /> : null}
      <div className="rotation-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save the rotation
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
