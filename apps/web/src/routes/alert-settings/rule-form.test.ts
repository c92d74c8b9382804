import { describe, expect, it } from 'vitest';
import { EMPTY_RULE, formOfRule, ruleInputOf } from './rule-form.ts';

describe('the rule editor’s form', () => {
  it('turns what was typed into the API’s rule, and back', () => {
    const result = ruleInputOf({
      ...EMPTY_RULE,
      name: '  Checkout errors to on-call ',
      conditions: ['regression', 'escalation'],
      eventCount: { on: true, scope: 'project', metric: 'users', threshold: '50', windowMinutes: '10' },
      levels: ['error', 'fatal'],
      environments: 'production, staging',
      tags: 'browser=Chrome 131\nregion=eu',
      query: 'checkout !user.email:*@acme.test',
      channelIds: [4],
      channelKinds: ['pagerduty'],
      cooldownMinutes: '30',
    });
    expect(result).toEqual({
      input: {
        name: 'Checkout errors to on-call',
        enabled: true,
        conditions: [
          { kind: 'regression' },
          { kind: 'escalation' },
          { kind: 'event_count', scope: 'project', metric: 'users', threshold: 50, windowMinutes: 10 },
        ],
        filters: {
          levels: ['error', 'fatal'],
          environments: ['production', 'staging'],
          tags: [
            { key: 'browser', value: 'Chrome 131' },
            { key: 'region', value: 'eu' },
          ],
          query: 'checkout !user.email:*@acme.test',
        },
        actions: [{ channelId: 4 }, { channelKind: 'pagerduty' }],
        cooldownMinutes: 30,
      },
    });
    if (!('input' in result)) throw new Error('no input');
    const back = formOfRule({ ...result.input, id: 1, createdAt: '', updatedAt: '' } as never);
    expect(ruleInputOf(back)).toEqual(result);
  });

  it('says what is missing or wrong in words', () => {
    const base = { ...EMPTY_RULE, name: 'x', channelKinds: ['slack' as const] };
    expect(ruleInputOf({ ...base, name: ' ' })).toEqual({ error: 'Give the rule a name.' });
    expect(ruleInputOf({ ...base, conditions: [] })).toEqual({
      error: 'Pick at least one condition: when should the rule fire?',
    });
    expect(ruleInputOf({ ...base, channelKinds: [] })).toEqual({
      error: 'Pick at least one channel to notify.',
    });
    expect(ruleInputOf({ ...base, tags: 'browser' })).toEqual({
      error: 'Tags: “browser” is not key=value (for example browser=Chrome).',
    });
    expect(ruleInputOf({ ...base, cooldownMinutes: '1.5' })).toEqual({
      error: 'The cooldown must be a whole number from 0 to 10,080.',
    });
    expect(ruleInputOf({ ...base, eventCount: { ...base.eventCount, on: true, threshold: '0' } })).toEqual({
      error: 'The count must be a whole number from 1 to 100,000,000.',
    });
  });
});
