// `vigie gate`: asks the deploy gate from a shell script, once a minute until it answers pass or fail or the
// wait runs out. Exit 0 pass, 1 fail, 2 still inconclusive, 3 when the question is wrong or Vigie unreachable.

import { parseArgs } from 'node:util';
import { ApiError, apiClient, parseDuration } from './api-client.ts';
import { type Command, UsageError } from './command.ts';

interface Answer {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasons: string[];
}

const EXIT = { pass: 0, fail: 1, inconclusive: 2 } as const;
export const GATE_ERROR_EXIT = 3;

export const gateCommand: Command = {
  usage: 'vigie gate --project ID --release X --baseline Y [--environment ENV] [--window 30m] [--wait 10m]',
  example:
    'vigie gate --project 1 --release shop@2.4.0 --baseline shop@2.3.1 --environment production --wait 10m',
  async run(config, args, out, note) {
    try {
      return await gate(config, args, out, note);
    } catch (error) {
      if (error instanceof UsageError || error instanceof ApiError) {
        note(`vigie gate: ${error.message}`);
        return GATE_ERROR_EXIT;
      }
      throw error;
    }
  },
};

async function gate(...[config, args, out, note]: Parameters<Command['run']>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      project: { type: 'string' },
      release: { type: 'string' },
      baseline: { type: 'string' },
      environment: { type: 'string' },
      'baseline-environment': { type: 'string' },
      'baseline-end': { type: 'string' },
      window: { type: 'string' },
      wait: { type: 'string', default: '0' },
      every: { type: 'string', default: '1m' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
  if (!values.project || !/^\d+$/.test(values.project)) throw new UsageError('gate needs --project ID');
  if (!values.release) throw new UsageError('gate needs --release X');
  const waitMs = parseDuration(values.wait, '--wait');
  const everyMs = Math.max(1000, parseDuration(values.every, '--every'));
  const client = apiClient(config, values);
  const query = new URLSearchParams({ release: values.release, source: 'cli' });
  const optional = {
    baseline: values.baseline,
    environment: values.environment,
    baselineEnvironment: values['baseline-environment'],
    baselineEnd: values['baseline-end'],
    window: values.window,
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) query.set(name, value);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { body } = await client.request('GET', `/api/v1/projects/${values.project}/gate?${query}`);
    const answer = body as Answer;
    const last = answer.verdict !== 'inconclusive' || Date.now() + everyMs > deadline;
    if (last) {
      out(answer.verdict);
      for (const reason of answer.reasons) note(`  ${reason}`);
      return EXIT[answer.verdict];
    }
    note(`inconclusive, asking again in ${Math.round(everyMs / 1000)} s: ${answer.reasons[0] ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
