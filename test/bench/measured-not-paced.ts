/**
 * Settings for a server under measurement: it hashes as many passwords at once as the bench's client
 * runs journeys (and as the verify baseline), and admission control never turns the bench's own
 * requests away. The server is what is measured, not its pacing (the overload scenario measures that).
 */
export function measuredNotPaced(concurrency: number): Record<string, string> {
  return {
    RATE_LIMIT_PER_MINUTE: '1000000',
    SHED_HASH_QUEUE: '100000',
    SHED_REQUESTS_IN_FLIGHT: '1000000',
    SHED_EVENT_LOOP_DELAY_MS: '60000',
    PASSWORD_HASH_CONCURRENCY: String(concurrency),
  };
}
