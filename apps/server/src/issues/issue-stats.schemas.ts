// TypeBox schemas of an issue's statistics: its tag breakdown, and an event with its neighbours.

import { Type } from 'typebox';
import { EventDetail } from '../api/schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const EventRef = Type.Union([Type.String(), Type.Null()]);

export const TagBreakdown = Type.Object({
  tags: Type.Array(
    Type.Object({
      key: Type.String(),
      events: Type.Integer({ description: "The issue's events that carried this tag." }),
      distinctValues: Type.Integer({ description: 'How many different values it had.' }),
      topValues: Type.Array(
        Type.Object({
          value: Type.String(),
          count: Type.Integer(),
          share: Type.Number({ description: 'count / events: the share of the events carrying the tag.' }),
          firstSeen: DateTime,
          lastSeen: DateTime,
        }),
        { description: 'Most frequent first.' },
      ),
    }),
    {
      description:
        'release, environment, browser, os, device, url, transaction, server_name and user first (those present), ' +
        'then the other tags by name.',
    },
  ),
});

export const EventWithNavigation = Type.Intersect([
  EventDetail,
  Type.Object({
    navigation: Type.Object(
      {
        older: EventRef,
        newer: EventRef,
        oldest: EventRef,
        latest: EventRef,
      },
      { description: "Event ids of the issue's events around this one, by time; null at either end." },
    ),
  }),
]);
