// Sentry-like default in-app rules, applied on the server whatever the SDK said: frames from
// installed packages (node_modules, site-packages, gems, vendor), the language's standard library
// and the runtime are never the application's. An old SDK that marks Flask's frames in-app
// (Debian's Python SDK 1.9) then groups the same bug as sentry-sdk 2 does, and an SDK upgrade does
// not split issues. Rules only ever take in-app away; the SDK's own verdict is kept in `sdkInApp`.

import type { ExceptionInfo, StackFrame } from './event.ts';

/** Third-party code wherever it was installed, any platform. */
const PACKAGE_PATHS =
  /(?:^|[/\\])(?:node_modules|site-packages|dist-packages|bower_components|\.bundle|gems)[/\\]/;

const PATHS_BY_PLATFORM: Record<string, RegExp> = {
  // CPython's standard library (lib/python3.12/...), frozen modules.
  python: /(?:^|[/\\])lib[/\\]python\d(?:\.\d+)?[/\\]|^<frozen /,
  // Ruby's standard library and the interpreter's own.
  ruby: /(?:^|[/\\])lib[/\\]ruby[/\\]|^<internal:|[/\\]vendor[/\\]bundle[/\\]/,
  // Node's own modules.
  node: /^(?:node:|internal[/\\])/,
  javascript: /^(?:node:|internal[/\\])|[/\\]\.vite[/\\]deps[/\\]/,
  // Composer's packages.
  php: /(?:^|[/\\])vendor[/\\]/,
  // The Go toolchain's packages and the module cache.
  go: /(?:^|[/\\])go[/\\](?:src|pkg[/\\]mod)[/\\]|^runtime[/\\]/,
};

const MODULES_BY_PLATFORM: Record<string, RegExp> = {
  java: /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala)\./,
  csharp: /^(?:System|Microsoft)\./,
};

/** Why the frame cannot be the application's code, or null. */
export function libraryFrame(frame: StackFrame, platform: string): string | null {
  const path = frame.absPath ?? frame.filename;
  if (path !== null && PACKAGE_PATHS.test(path)) return 'an installed package';
  const byPath = PATHS_BY_PLATFORM[platform];
  if (path !== null && byPath?.test(path)) return 'the standard library or runtime';
  const byModule = MODULES_BY_PLATFORM[platform];
  if (frame.module !== null && byModule?.test(frame.module)) return 'the standard library or runtime';
  return null;
}

export function applyInAppRules(exceptions: ExceptionInfo[], platform: string): ExceptionInfo[] {
  let changed = false;
  const out = exceptions.map((exception) => {
    let here = false;
    const frames = exception.frames.map((frame) => {
      if (frame.inApp !== true || libraryFrame(frame, platform) === null) return frame;
      here = true;
      return { ...frame, inApp: false, sdkInApp: true };
    });
    if (!here) return exception;
    changed = true;
    return { ...exception, frames };
  });
  return changed ? out : exceptions;
}
