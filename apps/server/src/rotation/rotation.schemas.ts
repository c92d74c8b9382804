// TypeBox schemas of the rotation API's answers, shared by the rotation routes and the weekly report.

import { Type } from 'typebox';

export const RotationUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
});
export const IsoWeek = Type.String({ pattern: '^\\d{4}-W\\d{2}$', examples: ['2026-W48'] });

export const RotationResponse = Type.Object({
  projectId: Type.Integer(),
  users: Type.Array(RotationUserSchema, { description: 'In rotation order.' }),
  anchorWeek: Type.Union([IsoWeek, Type.Null()], { description: 'The week the first user was on duty.' }),
  currentWeek: IsoWeek,
  onDuty: Type.Union([RotationUserSchema, Type.Null()]),
  upcoming: Type.Array(
    Type.Object({ week: IsoWeek, startsAt: Type.String({ format: 'date-time' }), user: RotationUserSchema }),
    { description: 'This week and the following ones, one full turn of the rotation (at most 8 weeks).' },
  ),
});
