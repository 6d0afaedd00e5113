/**
 * Chat platforms deliver at least once: Feishu resends an event it thinks was not answered,
 * and several bot instances may each receive a copy. A delivery is acted on only by the first
 * caller that records its key, in any process.
 */
export interface DeliveryLedger {
  /**
   * True for the first caller with this key (in any process), false for every later one. A
   * failure to record is thrown, never taken as "seen before" or as "first".
   */
  first(key: string, at: Date): Promise<boolean>;
}
