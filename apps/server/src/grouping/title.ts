// What an issue is called and where it happened, as Sentry derives them: `Type: value` for errors,
// the message for logs; the culprit is the transaction, else the top in-app frame (legacy culprit).

import { truncate } from './coerce.ts';
import { type ExceptionInfo, MAX_CHARS, type StackFrame } from './event.ts';

/** Sentry cuts the first line of a value or message to 100 characters for the title. */
const TITLE_VALUE_CHARS = 100;
export const UNLABELED_TITLE = '<unlabeled event>';

/** The exception the title and `{{ type }}` speak of: the outermost one, last in the chain. */
export function mainException(exceptions: readonly ExceptionInfo[]): ExceptionInfo | undefined {
  return exceptions.at(-1);
}

export function eventTitle(exceptions: readonly ExceptionInfo[], message: string | null): string {
  const main = mainException(exceptions);
  if (main && !main.mechanism?.synthetic && (main.type !== null || main.value !== null)) {
    const type = main.type ?? 'Error';
    return main.value ? `${type}: ${firstLine(main.value)}` : type;
  }
  // A synthetic exception only carries a stack trace for a message: the message names the event.
  const text = message ?? main?.value ?? null;
  return text ? firstLine(text) : UNLABELED_TITLE;
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return truncate(line, TITLE_VALUE_CHARS);
}

export function eventCulprit(
  sent: string | null,
  transaction: string | null,
  exceptions: readonly ExceptionInfo[],
  platform: string,
): string | null {
  const culprit = sent ?? transaction ?? exceptionCulprit(exceptions, platform);
  return culprit ? truncate(culprit, MAX_CHARS.culprit) : null;
}

/** Sentry's legacy culprit: looks through the chain from the outermost exception, newest frame first. */
function exceptionCulprit(exceptions: readonly ExceptionInfo[], platform: string): string | null {
  for (const exception of [...exceptions].reverse()) {
    const culprit = stacktraceCulprit(exception.frames, platform);
    if (culprit) return culprit;
  }
  return null;
}

function stacktraceCulprit(frames: readonly StackFrame[], platform: string): string | null {
  let fallback: string | null = null;
  for (const frame of [...frames].reverse()) {
    const culprit = frameCulprit(frame, platform);
    if (frame.inApp && culprit) return culprit;
    fallback ??= culprit;
  }
  return fallback;
}

/** `chargeCard(checkout)` on JavaScript platforms, `app.models in save` elsewhere, as Sentry writes them. */
export function frameCulprit(frame: StackFrame, platform: string): string | null {
  const location = frame.module ?? frame.filename;
  if (!location) return null;
  const fn = frame.function ?? '?';
  return platform === 'javascript' || platform === 'node' ? `${fn}(${location})` : `${location} in ${fn}`;
}
