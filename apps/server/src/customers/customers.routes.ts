// Support lookup: a customer writes in, support types their user id, email, username or IP address and sees
// every issue and event they hit, across the projects the caller may `lookup` (the support role may; it has no
// triage rights), with where the team is with each issue.

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { errorResponses, PageQuery } from '../api/schemas.ts';
import { projectIdsFor } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import { isIpAddress } from '../grouping/user.ts';
import type { RoutePlugin } from '../http.ts';
import type { Database } from '../storage/database.ts';
import { presentCustomer, presentCustomerEvent } from './customer.presenter.ts';
import { Customer, CustomerEvent } from './customer.schemas.ts';
import { type CustomerKey, formatCustomerKey, isCustomerKey, parseCustomerKey } from './customer-key.ts';
import { customerEvents, findCustomer, issueRows } from './customers.repository.ts';

/** Issues shown per customer; past it the answer says there are more (`moreIssues`). */
const ISSUES_SHOWN = 200;

export const customersRoutes: RoutePlugin = async (app, deps) => {
  const { database } = deps;

  app.get(
    '/api/v1/customers',
    {
      schema: {
        description:
          'The customers whose events carried this user id, email, username or IP address (`id:`, `email:`, ' +
          '`username:` or `ip:` before the value picks one, so a key the lookup returned finds that one customer), ' +
          'with the issues each hit per project, newest first, each with its state now.',
        querystring: Type.Object({ query: Type.String({ minLength: 1, maxLength: 320 }) }),
        response: { 200: Type.Object({ customers: Type.Array(Customer) }), ...errorResponses },
      },
    },
    async (request) => {
      const projectIds = await lookupProjects(database, request.caller);
      const customers = [];
      for (const key of candidateKeys(request.query.query.trim())) {
        const record = await findCustomer(database.db, key, projectIds, ISSUES_SHOWN);
        if (record) customers.push(presentCustomer(key, record));
      }
      return { customers };
    },
  );

  app.get(
    '/api/v1/customers/:key/events',
    {
      schema: {
        description:
          'Every event the customer hit, newest first, each with its issue as it stands now, its project, and ' +
          'the browser, OS and page it happened on. `key` is `id:<user id>`, `email:<address>`, ' +
          '`username:<name>` or `ip:<address>`, URL-encoded.',
        params: Type.Object({ key: Type.String({ minLength: 3, maxLength: 340 }) }),
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({
            customer: Type.String(),
            events: Type.Array(CustomerEvent),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const key = parseCustomerKey(request.params.key);
      const projectIds = await lookupProjects(database, request.caller);
      const limit = request.query.limit ?? 25;
      const rows = await customerEvents(
        database.db,
        key,
        projectIds,
        decodeCursor(request.query.cursor),
        limit,
      );
      const { items, next } = page(rows, limit, (r) => ({ at: r.timestamp, id: r.id }));
      const issues = await issueRows(
        database.db,
        items.map((r) => r.issue_id),
      );
      const issueById = new Map(issues.map((i) => [i.id, i]));
      return {
        customer: formatCustomerKey(key),
        events: items.flatMap((row) => presentCustomerEvent(row, issueById) ?? []),
        next,
      };
    },
  );
};

/**
 * The projects whose customers the caller may look up. A caller who can read projects but look up on none of
 * them gets 403 (their role cannot do this); one who sees no project at all simply finds nothing.
 */
async function lookupProjects(database: Database, caller: Caller): Promise<number[]> {
  const ids = await projectIdsFor(database.db, caller, 'lookup');
  if (ids.length > 0) return ids;
  if ((await projectIdsFor(database.db, caller, 'read')).length > 0) {
    throw new VigieError(
      'forbidden',
      {
        message:
          'Your role or token scopes do not allow looking up customers; the support, member, admin and owner roles may.',
      },
      { capability: 'lookup' },
    );
  }
  return [];
}

/**
 * `id:…`, `email:…`, `username:…` or `ip:…` is that key; anything else may be any of them (an IP only when it
 * reads as one), as support pastes whatever the customer sent.
 */
function candidateKeys(query: string): CustomerKey[] {
  if (isCustomerKey(query)) return [parseCustomerKey(query)];
  const keys: CustomerKey[] = [
    { kind: 'id', value: query },
    { kind: 'email', value: query },
    { kind: 'username', value: query },
  ];
  if (isIpAddress(query)) keys.push({ kind: 'ip', value: query });
  return keys;
}
