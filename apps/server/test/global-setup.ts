// Says once per run whether the PostgreSQL half of the storage and API suites runs.

export default function setup(): void {
  if (process.env.VIGIE_TEST_POSTGRES_URL) {
    console.log(`[vigie] PostgreSQL suite enabled: ${process.env.VIGIE_TEST_POSTGRES_URL}`);
  } else {
    console.log(
      '[vigie] PostgreSQL suite skipped: set VIGIE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it (CI does).',
    );
  }
}
