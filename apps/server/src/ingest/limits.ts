// Size and age limits for Sentry ingestion. Where the issue is silent the values follow Relay's defaults
// (relay-config `Limits`, relay-server `check_envelope_size_limits`), so an SDK tuned for sentry.io fits.

const KiB = 1024;
const MiB = 1024 * KiB;

export const INGEST_LIMITS = Object.freeze({
  /** One event (or transaction, security report…) once decompressed; also the sum of them in one envelope. */
  maxEventBytes: 1 * MiB,
  /** An envelope request body as it arrives on the wire (before Content-Encoding is undone). */
  maxEnvelopeCompressedBytes: 20 * MiB,
  /** An envelope request body once Content-Encoding is undone. */
  maxEnvelopeBytes: 100 * MiB,
  /**
   * A legacy /store/ request carries one event, so Relay caps the whole body at the event limit. Compression
   * never makes JSON larger, so the wire limit is the same number.
   */
  maxStoreCompressedBytes: 1 * MiB,
  maxStoreBytes: 1 * MiB,
  /** `session` plus `sessions` items in one envelope (Relay: max_session_count). */
  maxSessionItemsPerEnvelope: 100,
  /** All `client_report` payloads of one envelope together (Relay: max_client_reports_size). */
  maxClientReportBytes: 4 * KiB,
  /** One attachment item (Relay: max_attachment_size), kept so a single item cannot take the whole envelope. */
  maxAttachmentBytes: 100 * MiB,
  /** Relay drops sessions older than this after clock drift correction (max_session_secs_in_past). */
  maxSessionAgeSeconds: 5 * 24 * 3600,
  /** Relay drops sessions and client reports dated further ahead than this (max_secs_in_future). */
  maxSecondsInFuture: 60,
});

export type IngestLimits = typeof INGEST_LIMITS;

/** "1 MiB", "20 MiB", "4 KiB", "1500 bytes": how limits are named in error messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
