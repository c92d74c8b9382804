// Teams: named groups of people that get a role on a project together and can be assigned issues.
// Instance administrators create them and change their members; everyone else sees the teams they are
// in or that work on their projects.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { api, ok } from '../../api/client.ts';
import { meQuery } from '../../api/queries.ts';
import { type Team, teamsQuery } from '../../api/settings-queries.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import '../../styles/settings.css';

export function TeamsPage() {
  const { data: me } = useQuery(meQuery);
  const teams = useQuery(teamsQuery);
  const isAdmin = me?.isAdmin ?? false;
  return (
    <div className="page settings-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span> <span>Teams</span>
      </nav>
      <h1>Teams</h1>
      <p className="muted">
        Give a team a role on a project (in the project’s settings, under Members) and each of its members has
        it; issues can be assigned to a team too.
        {isAdmin ? null : ' Instance administrators create teams and change who is in them.'}
      </p>
      {isAdmin ? <CreateTeamForm /> : null}
      {teams.isPending ? <Loading what="teams" /> : null}
      {teams.isError ? <ErrorNotice error={teams.error} /> : null}
      {teams.data?.length === 0 ? (
        <p className="empty">
          {isAdmin ? 'No team yet: create the first one above.' : 'You are in no team.'}
        </p>
      ) : null}
      <ul className="team-list">
        {teams.data?.map((team) => (
          <TeamCard key={team.slug} team={team} isAdmin={isAdmin} />
        ))}
      </ul>
    </div>
  );
}

function CreateTeamForm() {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (name: string) => ok(api.POST('/api/v1/teams', { body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate(String(new FormData(form).get('name') ?? '').trim(), { onSuccess: () => form.reset() });
  };
  return (
    <form className="panel inline-form" onSubmit={submit}>
      <label className="field">
        <span>New team’s name</span>
        <input name="name" required maxLength={100} placeholder="Checkout squad" />
      </label>
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        Create team
      </button>
      {create.isError ? <ErrorNotice error={create.error} /> : null}
      {create.isSuccess ? (
        <p role="status" className="notice notice-ok">
          Team “{create.data.name}” created ({create.data.slug}).
        </p>
      ) : null}
    </form>
  );
}

function TeamCard({ team, isAdmin }: { team: Team; isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey });
  const slug = { slug: team.slug };
  const add = useMutation({
    mutationFn: (email: string) =>
      ok(api.POST('/api/v1/teams/{slug}/members', { params: { path: slug }, body: { email } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: number) =>
      ok(
        api.DELETE('/api/v1/teams/{slug}/members/{userId}', {
          params: { path: { ...slug, userId: String(userId) } },
        }),
      ),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    add.mutate(String(new FormData(form).get('email') ?? '').trim(), { onSuccess: () => form.reset() });
  };
  return (
    <li className="panel team-card" aria-labelledby={`team-${team.slug}`}>
      <div className="key-head">
        <h2 id={`team-${team.slug}`}>{team.name}</h2>
        <span className="muted mono small">{team.slug}</span>
        <span className="muted small">
          {team.members.length} {team.members.length === 1 ? 'member' : 'members'}
        </span>
      </div>
      {team.members.length > 0 ? (
        <ul className="team-members">
          {team.members.map((m) => (
            <li key={m.id}>
              <span>{m.name || m.email}</span>
              {m.name ? <span className="muted small">{m.email}</span> : null}
              {isAdmin ? (
                <ConfirmButton
                  label="Remove"
                  accessibleLabel={`Remove ${m.email} from ${team.name}`}
                  title={`Remove ${m.name || m.email} from ${team.name}?`}
                  confirmLabel="Remove"
                  onConfirm={() => remove.mutate(m.id)}
                  disabled={remove.isPending}
                >
                  <p>They lose every role the team gives them on projects; their own roles stay.</p>
                </ConfirmButton>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Nobody is in this team yet.</p>
      )}
      {isAdmin ? (
        <form className="inline-form" onSubmit={submit}>
          <label className="field">
            <span>Add a member by email</span>
            <input name="email" type="email" required autoComplete="off" placeholder="ana@example.com" />
          </label>
          <button type="submit" className="button" disabled={add.isPending}>
            Add to {team.name}
          </button>
        </form>
      ) : null}
      {add.isError ? <ErrorNotice error={add.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
    </li>
  );
}
