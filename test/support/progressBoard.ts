import type { Operation } from '../../src/domain/operation.js';
import type { ProgressBoard } from '../../src/ports/system.js';

/** A progress board that records what it was shown, and lets a test act on the n-th update. */
export class RecordingBoard implements ProgressBoard {
  readonly opened: Operation[] = [];
  readonly updates: Operation[] = [];
  readonly finished: Operation[] = [];
  onUpdate?: (op: Operation, nth: number) => Promise<void>;
  async open(op: Operation) {
    this.opened.push(op);
    return { platform: 'console' as const, channelId: 'test', messageId: `m-${op.id}` };
  }
  async update(op: Operation) {
    this.updates.push(op);
    await this.onUpdate?.(op, this.updates.length);
  }
  async finish(op: Operation) {
    this.finished.push(op);
  }
}
