// Replaced by the database test harness; kept minimal so the suite runs from the start.
export default async function globalSetup(): Promise<void> {}
