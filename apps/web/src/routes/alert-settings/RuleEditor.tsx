// The form of one rule: when it fires (conditions), on which issues (filters, a search query among them),
// where it goes (channels, or every channel of a kind) and how often at most (the cooldown).

import { type FormEvent, useId, useState } from 'react';
import { CheckboxChoices } from '../../ui/CheckboxChoices.tsx';
import { ErrorNotice } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import type { Channel } from '../alerts/alerts-queries.ts';
import { CHANNEL_KIND_NAMES, type RuleInput } from './alert-settings-queries.ts';
import { KINDS, LEVELS, type RuleForm, ruleInputOf, SIMPLE_CONDITIONS } from './rule-form.ts';

interface Props {
  initial: RuleForm;
  channels: readonly Channel[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: RuleInput) => void;
  onCancel?: () => void;
}

export function RuleEditor({ initial, channels, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const [form, setForm] = useState<RuleForm>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));
  const count = form.eventCount;
  const setCount = (patch: Partial<RuleForm['eventCount']>) => set({ eventCount: { ...count, ...patch } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = ruleInputOf(form);
    if ('error' in result) {
      setProblem(result.error);
      return;
    }
    setProblem(null);
    onSubmit(result.input);
  };
  return (
    <form className="form rule-editor" onSubmit={submit} aria-label={submitLabel} noValidate>
      <TextField
        label="Name"
        value={form.name}
        onChange={(e) => set({ name: e.target.value })}
        maxLength={200}
        placeholder="Checkout errors to on-call"
      />
      <label className="choice">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />{' '}
        Enabled
      </label>

      <fieldset className="rule-fieldset">
        <legend>When (any of these)</legend>
        <CheckboxChoices
          options={SIMPLE_CONDITIONS.map(([kind, words]) => ({ value: kind, label: words }))}
          selected={form.conditions}
          onChange={(conditions) => set({ conditions })}
        />
        <label className="choice">
          <input type="checkbox" checked={count.on} onChange={(e) => setCount({ on: e.target.checked })} /> A
          count passing a threshold
        </label>
        {count.on ? (
          <div className="count-condition">
            <SelectField
              label="Of"
              inline
              value={count.scope}
              onChange={(e) => setCount({ scope: e.target.value as 'issue' | 'project' })}
            >
              <option value="issue">an issue</option>
              <option value="project">the whole project</option>
            </SelectField>
            <TextField
              label="Passing"
              inputMode="numeric"
              value={count.threshold}
              onChange={(e) => setCount({ threshold: e.target.value })}
              className="num short-input"
            />
            <SelectField
              label="Of what"
              inline
              value={count.metric}
              onChange={(e) => setCount({ metric: e.target.value as 'events' | 'users' })}
            >
              <option value="events">events</option>
              <option value="users">users</option>
            </SelectField>
            <TextField
              label="Within (minutes)"
              inputMode="numeric"
              value={count.windowMinutes}
              onChange={(e) => setCount({ windowMinutes: e.target.value })}
              className="num short-input"
            />
          </div>
        ) : null}
      </fieldset>

      <fieldset className="rule-fieldset">
        <legend>On issues that match (all of these; empty: every issue)</legend>
        <fieldset className="level-choices">
          <legend className="muted small">Levels</legend>
          <CheckboxChoices
            options={LEVELS.map((level) => ({ value: level, label: level }))}
            selected={form.levels}
            onChange={(levels) => set({ levels })}
          />
        </fieldset>
        <TextField
          label="Environments"
          hint="Separated by commas: production, staging."
          value={form.environments}
          onChange={(e) => set({ environments: e.target.value })}
        />
        <TextField
          label="Releases"
          hint="Separated by commas: shop@2.1.0."
          value={form.releases}
          onChange={(e) => set({ releases: e.target.value })}
        />
        <TextField
          label="Tags"
          hint="key=value, separated by commas: browser=Chrome 131, region=eu."
          value={form.tags}
          onChange={(e) => set({ tags: e.target.value })}
        />
        <TextField
          label="Search query"
          hint="Any query of the issue stream: level:error checkout !user.email:*@acme.test"
          value={form.query}
          onChange={(e) => set({ query: e.target.value })}
          className="mono"
          spellCheck={false}
          maxLength={2000}
        />
        <p className="muted small">
          Project-wide conditions (a project spike or count) have no issue to filter.
        </p>
      </fieldset>

      <fieldset className="rule-fieldset">
        <legend>Notify</legend>
        {channels.length === 0 ? (
          <p className="muted small">No channel yet: add one above, or send to every channel of a kind.</p>
        ) : null}
        <CheckboxChoices
          options={channels.map((channel) => ({
            value: channel.id,
            label: (
              <>
                {channel.name} <span className="muted small">({CHANNEL_KIND_NAMES[channel.kind]})</span>
              </>
            ),
          }))}
          selected={form.channelIds}
          onChange={(channelIds) => set({ channelIds })}
        />
        <CheckboxChoices
          options={KINDS.map((kind) => ({ value: kind, label: `Every ${CHANNEL_KIND_NAMES[kind]} channel` }))}
          selected={form.channelKinds}
          onChange={(channelKinds) => set({ channelKinds })}
        />
      </fieldset>

      <TextField
        label="Cooldown (minutes)"
        hint="At most one notification per issue (or the project) and rule in this many minutes; 0: none."
        inputMode="numeric"
        value={form.cooldownMinutes}
        onChange={(e) => set({ cooldownMinutes: e.target.value })}
        className="num short-input"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {problem ? (
        <p className="notice notice-error" role="alert" id={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      {error && !problem ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
