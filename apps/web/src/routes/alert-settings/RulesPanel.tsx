// The project's rules in words, each with "Send a test alert" (its channels' outcomes), edit and delete
// for managers, and a new rule.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { type Channel, channelsQuery, type Rule, rulesQuery, testRule } from '../alerts/alerts-queries.ts';
import { describeRule } from '../alerts/rule-words.ts';
import { createRule, deleteRule, type RuleInput, updateRule } from './alert-settings-queries.ts';
import { CardActions } from './CardActions.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { EMPTY_RULE, formOfRule } from './rule-form.ts';

interface Props {
  projectId: number;
  canManage: boolean;
}

export function RulesPanel({ projectId, canManage }: Props) {
  const rules = useQuery(rulesQuery(projectId));
  const channels = useQuery(channelsQuery(projectId));
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const create = useMutation({
    mutationFn: (input: RuleInput) => createRule(projectId, input),
    onSuccess: async () => {
      setAdding(false);
      await client.invalidateQueries({ queryKey: ['projects', projectId, 'alert-rules'] });
    },
  });
  return (
    <section className="panel settings-section" id="rules" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      <p className="muted">
        A rule fires on any of its conditions, for issues that pass all of its filters, and notifies its
        channels at most once per issue and cooldown. A new project starts with two: page on spikes and
        regressions in production, and new issues to Slack.
      </p>
      {rules.isPending ? <SkeletonRows rows={2} /> : null}
      {rules.isError ? <ErrorNotice error={rules.error} /> : null}
      <ul className="plain-list rule-cards">
        {rules.data?.map((rule) => (
          <RuleCard
            key={rule.id}
            projectId={projectId}
            rule={rule}
            channels={channels.data ?? []}
            canManage={canManage}
          />
        ))}
      </ul>
      {canManage && !adding ? (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          New rule
        </button>
      ) : null}
      {adding ? (
        <RuleEditor
          initial={EMPTY_RULE}
          channels={channels.data ?? []}
          submitLabel="Create rule"
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => setAdding(false)}
        />
      ) : null}
    </section>
  );
}

function RuleCard({
  projectId,
  rule,
  channels,
  canManage,
}: Props & { rule: Rule; channels: readonly Channel[] }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['projects', projectId] });
  const test = useMutation({ mutationFn: () => testRule(projectId, rule.id), onSettled: refresh });
  const save = useMutation({
    mutationFn: (input: RuleInput) => updateRule(projectId, rule.id, input),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteRule(projectId, rule.id), onSuccess: refresh });
  const channelName = (id: number) => channels.find((c) => c.id === id)?.name ?? `channel ${id}`;
  return (
    <li className="rule-card" aria-label={rule.name}>
      <p className="rule-name">
        <strong>{rule.name}</strong> {rule.enabled ? null : <span className="badge">off</span>}
      </p>
      <p className="muted small">{describeRule(rule, channelName)}</p>
      <CardActions
        kind="rule"
        name={rule.name}
        testLabel="Send a test alert"
        test={test}
        remove={remove}
        editing={editing}
        onToggleEdit={() => setEditing(!editing)}
        canManage={canManage}
      >
        <p>It stops firing at once. Its past alerts stay in the history.</p>
      </CardActions>
      {editing ? (
        <RuleEditor
          initial={formOfRule(rule)}
          channels={channels}
          submitLabel="Save rule"
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => save.mutate(input)}
          onCancel={() => setEditing(false)}
        />
      ) : null}
    </li>
  );
}
