// Builds the 400 every malformed search query gets: the message names the position and what was expected, and
// the details repeat both for a client that wants to underline the spot or offer completions.

import { VigieError } from '../../errors.ts';

export type SyntaxErrorDetails = {
  /** Offset (0-based) of the character where the query went wrong. */
  position: number;
  /** What the parser wanted there, in words: "a duration like -24h". */
  expected: string;
  /** The exhaustive list of accepted values, when there is one (keys, `is:` values, levels…). */
  allowed?: readonly string[];
};

export function searchSyntaxError(message: string, details: SyntaxErrorDetails): VigieError {
  return new VigieError('invalid_search', { message }, { ...details });
}

/** "Expected <what> after '<key>:' at position <n>", the shape of most value errors. */
export function expectedAfterKey(
  key: string,
  position: number,
  expected: string,
  allowed?: readonly string[],
): VigieError {
  const message = `Expected ${expected} after '${key}:' at position ${position}`;
  return searchSyntaxError(message, allowed ? { position, expected, allowed } : { position, expected });
}
