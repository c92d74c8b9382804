// Admission of ingest requests by the memory they hold: their bodies while they are read and
// parsed, then their events' JSON until it is committed (the writer counts that part). Past the
// byte bound, a request is answered 429 before its body is read, so overload costs no more memory
// than the bound, and no CPU spent parsing requests only to refuse them.

import { overCapacity } from './writer.ts';

/** What admission needs to know of the writer's queue. */
export interface QueueState {
  /** The queue is full in items or in bytes. */
  readonly full: boolean;
  /** Bytes of event JSON waiting for commit. */
  readonly pendingBytes: number;
}

/** The bytes one admitted request holds for its body; released once its events are parsed out of it. */
export class BodyHold {
  #bytes: number;
  readonly #admission: IngestAdmission;

  constructor(admission: IngestAdmission, bytes: number) {
    this.#admission = admission;
    this.#bytes = bytes;
  }

  /** The body turned out to be `bytes` long (decompressed, or sent without a Content-Length). */
  resize(bytes: number): void {
    this.#admission.adjust(bytes - this.#bytes);
    this.#bytes = bytes;
  }

  release(): void {
    this.resize(0);
  }
}

export class IngestAdmission {
  readonly #queue: QueueState;
  readonly #maxBytes: number;
  /** Bytes held by bodies being read or parsed. */
  #bodyBytes = 0;

  constructor(queue: QueueState, maxBytes: number) {
    this.#queue = queue;
    this.#maxBytes = maxBytes;
  }

  get bodyBytes(): number {
    return this.#bodyBytes;
  }

  /**
   * Admits a request announcing `contentLength` bytes (0 when it does not say), or throws 429 with
   * Retry-After. When nothing is held, any one request goes, however large.
   */
  admit(contentLength: number): BodyHold {
    const held = this.#bodyBytes + this.#queue.pendingBytes;
    if (this.#queue.full || (held > 0 && held + contentLength > this.#maxBytes)) throw overCapacity();
    this.#bodyBytes += contentLength;
    return new BodyHold(this, contentLength);
  }

  adjust(delta: number): void {
    this.#bodyBytes += delta;
  }
}
