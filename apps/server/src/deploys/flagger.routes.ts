// Flagger's webhooks (pre-rollout, rollout, confirm-promotion): Flagger POSTs {name, namespace, phase, checksum,
// metadata} and advances the canary on a 2xx, halts it on anything else. Its webhooks send no headers of their
// own, so the API token may come in metadata.token (or in Authorization, through a proxy). The question is in
// the metadata: release, baseline, environment, baselineEnvironment, window, baselineEnd.

import { Type } from 'typebox';
import { ErrorResponse, errorResponses, IdParam } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { callerForToken } from '../auth/bearer.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { findProject } from '../projects/project.repository.ts';
import { GateAnswerSchema } from './deploys.schemas.ts';
import { askGate, describeCaller } from './gate.ts';

const FlaggerPayload = Type.Object({
  name: Type.String({ maxLength: 253 }),
  namespace: Type.String({ maxLength: 253 }),
  phase: Type.String({ maxLength: 64 }),
  checksum: Type.Optional(Type.String({ maxLength: 200 })),
  metadata: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2048 }), {
    maxProperties: 32,
  }),
});

export const flaggerRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;
  app.post(
    '/api/v1/projects/:id/gate/flagger',
    {
      schema: {
        description:
          "Flagger's webhook: the gate's verdict on metadata.release against metadata.baseline. 200 on pass (the " +
          'canary advances), 412 `gate_not_passed` on fail or inconclusive, the verdict in `details` (Flagger halts ' +
          'it and counts a failed check). Authenticates with metadata.token or an Authorization header.',
        params: IdParam,
        body: FlaggerPayload,
        response: { 200: GateAnswerSchema, 412: ErrorResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { metadata } = request.body;
      const header = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      const token = header ?? metadata.token;
      if (!token) {
        throw new VigieError('unauthenticated', {
          message: 'Put a Vigie API token in the webhook’s metadata (token: …) or an Authorization header.',
        });
      }
      const caller = await callerForToken(database, token);
      if (!caller) throw new VigieError('invalid_token');
      const project = await findProject(db, Number(request.params.id));
      if (!project) throw projectNotFound(request.params.id);
      await authorize(db, caller, project.id, 'read');
      if (!metadata.release) {
        throw new VigieError('invalid_gate_query', {
          message: 'Name the canary’s release in the webhook’s metadata (release: …).',
        });
      }
      const answer = await askGate(
        db,
        project.id,
        {
          release: metadata.release,
          baseline: metadata.baseline,
          environment: metadata.environment,
          baselineEnvironment: metadata.baselineEnvironment,
          window: metadata.window,
          baselineEnd: metadata.baselineEnd,
        },
        {
          by: `${describeCaller(caller)} (Flagger ${request.body.namespace}/${request.body.name}, ${request.body.phase})`,
          via: 'flagger',
          nowMs: Date.now(),
        },
      );
      if (answer.verdict !== 'pass') {
        // Flagger logs the body of a refusal in the canary's events: the verdict and its reasons, in one line.
        throw new VigieError(
          'gate_not_passed',
          { message: `Vigie's gate: ${answer.verdict} for ${metadata.release}. ${answer.reasons.join(' ')}` },
          { verdict: answer.verdict, reasons: answer.reasons, metrics: answer.metrics, id: answer.id },
        );
      }
      return reply.code(200).send(answer);
    },
  );
};
