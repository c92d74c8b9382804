// What the signed-in person may do on a project, as the server says in GET /projects: the pages
// show only the controls these allow (a support user sees no triage controls), and the server
// refuses the rest anyway.

import { useQuery } from '@tanstack/react-query';
import { projectsQuery } from './queries.ts';

export type Capability = 'read' | 'lookup' | 'triage' | 'manage';

/** The caller's capabilities on a project; none while the projects are loading or for an unknown project. */
export function useCapabilities(projectId: number | undefined): ReadonlySet<Capability> {
  const { data: projects } = useQuery(projectsQuery);
  const project = projects?.find((p) => p.id === projectId);
  return new Set(project?.capabilities ?? []);
}

/**
 * Whether the capabilities are known yet (the projects have loaded, or failed to: then there are none).
 * A page with triage controls or keys waits for this before it shows its rows: a triager would
 * otherwise see a read-only page for a moment, and the triage keys pressed then would do nothing.
 */
export const useCapabilitiesKnown = (): boolean => !useQuery(projectsQuery).isPending;

export const useCan = (projectId: number | undefined, capability: Capability): boolean =>
  useCapabilities(projectId).has(capability);
