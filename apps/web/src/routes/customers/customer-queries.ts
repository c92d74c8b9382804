// What the customer lookup pages read: the customers matching what support typed, and one customer's
// events page by page (the API's cursor), newest first.

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';

export type Customer = ResponseOf<'/api/v1/customers', 'get'>['customers'][number];
export type CustomerIssue = Customer['projects'][number]['issues'][number];
export type CustomerEventPage = ResponseOf<'/api/v1/customers/{key}/events', 'get'>;
export type CustomerEvent = CustomerEventPage['events'][number];

export const customersQuery = (query: string) =>
  queryOptions({
    queryKey: ['customers', query],
    queryFn: async () => (await ok(api.GET('/api/v1/customers', { params: { query: { query } } }))).customers,
    enabled: query.trim() !== '',
    staleTime: 30_000,
  });

const EVENTS_PER_PAGE = 25;

export const customerEventsQuery = (key: string) =>
  infiniteQueryOptions({
    queryKey: ['customers', key, 'events'],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/customers/{key}/events', {
          params: {
            path: { key },
            query: { limit: EVENTS_PER_PAGE, ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
