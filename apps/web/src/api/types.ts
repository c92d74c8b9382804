// Names for the API's shapes, taken from the types generated from the server's OpenAPI document
// (generated/schema.ts): the server's route schemas are their one definition.

import type { paths } from './generated/schema.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON a route answers with on success. */
export type ResponseOf<
  P extends keyof paths,
  M extends Method,
  S extends number = 200,
> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? JsonBody<R[S]>
    : never
  : never;

/** The JSON body a route takes. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonBody<NonNullable<B>>
  : never;

export type Me = ResponseOf<'/api/v1/auth/me', 'get'>;
export type Session = ResponseOf<'/api/v1/auth/login', 'post'>;
export type Project = ResponseOf<'/api/v1/projects', 'get'>['projects'][number];
export type ProjectKey = ResponseOf<'/api/v1/projects/{id}/keys', 'get'>['keys'][number];
export type Member = ResponseOf<'/api/v1/projects/{id}/members', 'get'>['members'][number];
export type IssuePage = ResponseOf<'/api/v1/projects/{id}/issues', 'get'>;
export type TriagedIssue = IssuePage['issues'][number];
export type IssueDetail = ResponseOf<'/api/v1/issues/{id}', 'get'>;
export type EventDetail = NonNullable<IssueDetail['latestEvent']>;
export type CountPoint = IssueDetail['stats']['last24Hours'][number];
export type ActivityEntry = ResponseOf<'/api/v1/issues/{id}/activity', 'get'>['activity'][number];
export type IssuePatch = BodyOf<'/api/v1/issues/{id}', 'patch'>;
export type ApiErrorBody = ResponseOf<'/api/v1/projects', 'get', 404>;
