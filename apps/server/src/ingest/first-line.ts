// Finds a body's first line while its decoded chunks go by: an envelope's header line names its DSN
// key, so a request can be authenticated before the rest of its body is decompressed.

export interface FirstLineCheck {
  /** Decoded bytes within which the line must end; past them, the check gets the line cut there. */
  maxBytes: number;
  /**
   * Resolves to let the body be read on; rejects to stop reading with that error. `complete` is
   * false when the line was cut at `maxBytes`; the end of the body ends a line too.
   */
  check(line: Buffer, complete: boolean): Promise<void>;
}

const NEWLINE = 0x0a;

/** Space, tab, CR and LF: what the envelope parser skips before the header line. */
function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === NEWLINE || byte === 0x0d;
}

/** Scans a body chunk by chunk, in order, for the end of its first non-blank line. */
export class FirstLineScanner {
  /** Body bytes scanned so far. */
  #offset = 0;
  /** Where the line starts in the body; -1 while only blank bytes have gone by. */
  #start = -1;

  /** Scans the next chunk; returns where the line ends in the body once its newline has gone by. */
  scan(chunk: Buffer): number | undefined {
    let from = 0;
    while (this.#start < 0 && from < chunk.length) {
      if (!isBlank(chunk[from]!)) this.#start = this.#offset + from;
      from += 1;
    }
    const newline = this.#start < 0 ? -1 : chunk.indexOf(NEWLINE, from);
    const end = newline < 0 ? undefined : this.#offset + newline;
    this.#offset += chunk.length;
    return end;
  }

  /** Where the line starts in the body, given where it ends (an all-blank body's line is empty). */
  startBefore(end: number): number {
    return this.#start < 0 ? end : Math.min(this.#start, end);
  }
}
