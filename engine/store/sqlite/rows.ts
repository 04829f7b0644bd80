/** Conversions between SQLite rows (ms integers, JSON text) and port values. */
export const toMs = (d: Date): number => d.getTime();
export const fromMs = (ms: number): Date => new Date(ms);
export const fromMsOrNull = (ms: number | null): Date | null => (ms == null ? null : new Date(ms));
export const json = (v: unknown): string => JSON.stringify(v ?? null);
export function parseJson<T>(text: string | null): T {
  return (text == null ? null : JSON.parse(text)) as T;
}
export function isUniqueViolation(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
