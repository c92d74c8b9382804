// The not_found answer about a project, worded the same wherever a route looks one up.

import { VigieError } from '../errors.ts';

export const projectNotFound = (id: number | string) =>
  new VigieError('not_found', { message: `Project ${id} does not exist.` });
