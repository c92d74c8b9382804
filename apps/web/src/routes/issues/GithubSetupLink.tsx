// The way out of "this project has no GitHub integration yet", on the stream and on the issue page.

/** Where a project manager connects a repository: its settings' GitHub section. */
export function GithubSetupLink({ projectId }: { projectId: number }) {
  return (
    <>
      {' '}
      A project manager connects a repository in{' '}
      {/* The settings page is its own route; a plain link works whether or not it is loaded yet. */}
      <a href={`/projects/${projectId}/settings#github`}>the project's settings</a>.
    </>
  );
}
