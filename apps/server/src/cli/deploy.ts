// `vigie deploy`: records a deploy marker from a pipeline, over the HTTP API (POST /projects/{id}/deploys).

import { parseArgs } from 'node:util';
import { ApiError, apiClient } from './api-client.ts';
import { type Command, UsageError } from './command.ts';

const STRATEGIES = ['blue-green', 'rolling', 'canary'];

export const deployCommand: Command = {
  usage: 'vigie deploy --project ID --release X --environment ENV [--strategy blue-green|rolling|canary]',
  example: 'vigie deploy --project 1 --release shop@2.4.0 --environment production --strategy rolling',
  async run(config, args, out) {
    const { values } = parseArgs({
      args,
      options: {
        project: { type: 'string' },
        release: { type: 'string' },
        environment: { type: 'string' },
        strategy: { type: 'string' },
        name: { type: 'string' },
        'deploy-url': { type: 'string' },
        started: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
      },
    });
    if (!values.project || !/^\d+$/.test(values.project)) throw new UsageError('deploy needs --project ID');
    if (!values.release) throw new UsageError('deploy needs --release X');
    if (!values.environment) throw new UsageError('deploy needs --environment ENV');
    if (values.strategy !== undefined && !STRATEGIES.includes(values.strategy)) {
      throw new UsageError(`--strategy is one of ${STRATEGIES.join(', ')}`);
    }
    const client = apiClient(config, values);
    try {
      const { body } = await client.request('POST', `/api/v1/projects/${values.project}/deploys`, {
        release: values.release,
        environment: values.environment,
        ...(values.strategy ? { strategy: values.strategy } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values['deploy-url'] ? { url: values['deploy-url'] } : {}),
        ...(values.started ? { startedAt: values.started } : {}),
      });
      const deploy = body as { id: number; release: string; environment: string; finishedAt: string };
      out(`deploy ${deploy.id}: ${deploy.release} to ${deploy.environment} at ${deploy.finishedAt}`);
    } catch (error) {
      if (error instanceof ApiError) throw new UsageError(error.message);
      throw error;
    }
  },
};
