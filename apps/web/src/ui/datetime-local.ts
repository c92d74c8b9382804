// Times in a datetime-local field: its value is local time without a zone, the API's are ISO in UTC.

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local input's value, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value (local time) as ISO; null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (value === '') return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
