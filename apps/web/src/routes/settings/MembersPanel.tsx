// Who has which role on a project, users and teams: managers add one, change a role, remove one.
// Only owners make or unmake owners; the server says so when an admin tries.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { membersQuery } from '../../api/queries.ts';
import { teamsQuery } from '../../api/settings-queries.ts';
import type { Member } from '../../api/types.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { ROLE_HELP, ROLES, type Role, roleName } from './roles.ts';

const memberName = (m: Member): string =>
  m.user ? m.user.name || m.user.email : m.team ? `${m.team.name} (team)` : `member ${m.id}`;

export function MembersPanel({
  projectId,
  canManage,
  myRole,
}: {
  projectId: number;
  canManage: boolean;
  myRole: string;
}) {
  return (
    <section className="panel settings-section" id="members" aria-labelledby="members-title">
      <h2 id="members-title">Members and roles</h2>
      {canManage ? (
        <ManagedMembers projectId={projectId} />
      ) : (
        <p>
          Your role here is <strong>{roleName(myRole)}</strong>. Only the project’s owners and admins see and
          change who has access.
        </p>
      )}
      <h3>Roles</h3>
      <dl className="role-help">
        {ROLES.map((role) => (
          <div key={role}>
            <dt>{roleName(role)}</dt>
            <dd>{ROLE_HELP[role]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ManagedMembers({ projectId }: { projectId: number }) {
  const members = useQuery(membersQuery(projectId));
  return (
    <>
      <p className="muted">
        A user’s role is the stronger of their own and their teams’. Teams are made in{' '}
        <Link to="/settings/teams">Teams</Link>.
      </p>
      {members.isPending ? <SkeletonRows rows={3} /> : null}
      {members.isError ? <ErrorNotice error={members.error} /> : null}
      {members.data ? (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <MemberRow key={m.id} projectId={projectId} member={m} />
            ))}
          </tbody>
        </table>
      ) : null}
      {members.data?.length === 0 ? <p className="muted">Nobody has a role here yet.</p> : null}
      <AddMemberForm projectId={projectId} />
    </>
  );
}

function useMemberMutations(projectId: number) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: membersQuery(projectId).queryKey });
  const path = { id: String(projectId) };
  const put = useMutation({
    mutationFn: (body: { email?: string; userId?: number; team?: string; role: Role }) =>
      ok(api.PUT('/api/v1/projects/{id}/members', { params: { path }, body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (memberId: number) =>
      ok(
        api.DELETE('/api/v1/projects/{id}/members/{memberId}', {
          params: { path: { ...path, memberId: String(memberId) } },
        }),
      ),
    onSuccess: refresh,
  });
  return { put, remove };
}

function MemberRow({ projectId, member }: { projectId: number; member: Member }) {
  const { put, remove } = useMemberMutations(projectId);
  const name = memberName(member);
  const target = member.user ? { userId: member.user.id } : { team: member.team?.slug ?? '' };
  return (
    <tr>
      <td>
        <span className="member-name">{name}</span>
        {member.user?.name ? <span className="muted small member-email">{member.user.email}</span> : null}
        {put.isError ? <ErrorNotice error={put.error} /> : null}
        {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      </td>
      <td>
        <select
          aria-label={`Role of ${name}`}
          value={member.role}
          disabled={put.isPending}
          onChange={(e) => put.mutate({ ...target, role: e.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(role)}
            </option>
          ))}
        </select>
      </td>
      <td className="muted small">
        <RelativeTime iso={member.createdAt} />
      </td>
      <td className="actions-cell">
        <ConfirmButton
          label="Remove"
          accessibleLabel={`Remove ${name}`}
          title={`Remove ${name} from the project?`}
          confirmLabel="Remove"
          onConfirm={() => remove.mutate(member.id)}
          disabled={remove.isPending}
        >
          <p>
            {member.team
              ? 'The team’s members lose the access the team gave them here; their own roles stay.'
              : 'They lose this role at once; a role through one of their teams stays.'}
          </p>
        </ConfirmButton>
      </td>
    </tr>
  );
}

function AddMemberForm({ projectId }: { projectId: number }) {
  const [kind, setKind] = useState<'user' | 'team'>('user');
  const teams = useQuery({ ...teamsQuery, enabled: kind === 'team' });
  const { put } = useMemberMutations(projectId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = String(data.get('role')) as Role;
    const who =
      kind === 'user'
        ? { email: String(data.get('email') ?? '').trim() }
        : { team: String(data.get('team')) };
    put.mutate({ ...who, role }, { onSuccess: () => form.reset() });
  };
  return (
    <form className="add-member" onSubmit={submit} aria-labelledby="add-member-title">
      <h3 id="add-member-title">Add a member</h3>
      <fieldset className="segmented-radio">
        <legend className="visually-hidden">Add</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'user'} onChange={() => setKind('user')} /> A user
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === 'team'} onChange={() => setKind('team')} /> A team
        </label>
      </fieldset>
      <div className="inline-form">
        {kind === 'user' ? (
          <label className="field">
            <span>Email of their Vigie account</span>
            <input name="email" type="email" required autoComplete="off" placeholder="ana@example.com" />
          </label>
        ) : (
          <SelectField label="Team" name="team" required disabled={!teams.data?.length}>
            {teams.data?.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label="Role" name="role" defaultValue="member">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(role)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button-primary" disabled={put.isPending}>
          Add
        </button>
      </div>
      {kind === 'team' && teams.data?.length === 0 ? (
        <p className="muted small">No team yet: an instance administrator creates teams in Teams.</p>
      ) : null}
      {kind === 'user' ? (
        <p className="muted small">
          They need an account first: an instance administrator creates it in Users.
        </p>
      ) : null}
      {put.isError ? <ErrorNotice error={put.error} /> : null}
      {put.isSuccess ? (
        <p role="status" className="notice notice-ok">
          {memberName(put.data)} is now {roleName(put.data.role)}.
        </p>
      ) : null}
    </form>
  );
}
