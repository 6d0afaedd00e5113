import { describe, expect, test } from '@jest/globals';
import type { PlatformRenderer } from '../../../adapters/chat/platform.js';
import type { Role } from '../../../src/domain/roles.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { aDeletedNote, aNote, anApproval, minutes, T0 } from './builders.js';

/** How a test reads a platform's native message: button labels, and all of its text. */
export interface NativeInspector<Native> {
  buttons(message: Native): string[];
  text(message: Native): string;
}

const list = (state: 'live' | 'deleted', role: Role): Outcome => ({
  kind: 'note-list',
  state,
  notes: state === 'live' ? [aNote('n1'), aNote('n2')] : [aDeletedNote('n3', T0)],
  filter: {},
  filterText: '',
  page: 1,
  seen: state === 'live' ? 2 : 1,
  previous: null,
  next: null,
  role,
});

/**
 * The one suite every platform adapter runs (adapters/chat/platform.ts): the rules that must not
 * drift between platforms. `now` is far from the wall clock, so a renderer reading the wall
 * clock fails the expiry test.
 */
export function platformRendererSuite<Native>(name: string, renderer: PlatformRenderer<Native>, inspect: NativeInspector<Native>): void {
  const now = T0;
  const buttonsOf = (outcome: Outcome) => inspect.buttons(renderer.outcome(outcome, now));

  describe(`${name} renders by the platform contract`, () => {
    test('a viewer sees no Delete button, on a list or on a note', () => {
      expect(buttonsOf(list('live', 'viewer'))).not.toContain('Delete');
      expect(buttonsOf({ kind: 'note', note: aNote('n1'), role: 'viewer' })).not.toContain('Delete');
    });

    test('a member sees Delete on live notes (it becomes an approval request) but no bulk selection or Restore', () => {
      expect(buttonsOf(list('live', 'member'))).toContain('Delete');
      expect(buttonsOf(list('live', 'member'))).not.toContain('Delete selected');
      expect(buttonsOf(list('deleted', 'member'))).not.toContain('Restore');
      expect(buttonsOf({ kind: 'note', note: aDeletedNote('n3', T0), role: 'member' })).not.toContain('Restore');
    });

    test('an admin sees Delete selected on live lists and Restore in the trash', () => {
      expect(buttonsOf(list('live', 'admin'))).toContain('Delete selected');
      expect(buttonsOf(list('deleted', 'admin'))).toContain('Restore');
      expect(buttonsOf(list('deleted', 'admin'))).not.toContain('Delete');
    });

    test('expiry text counts from the injected clock, not the wall clock', () => {
      const message = renderer.outcome({ kind: 'confirm-delete', confirmationId: 'c1', note: aNote('n1'), expiresAt: minutes(5, now) }, now);
      expect(inspect.text(message)).toContain('5 minutes');
    });

    test('a pending approval card offers Approve and Reject; the decided card offers nothing', () => {
      const pending = anApproval('r1', { status: 'pending', expiresAt: minutes(60, now) });
      expect(inspect.buttons(renderer.approvalCard(pending, now))).toEqual(expect.arrayContaining(['Approve', 'Reject']));
      const decided = { ...pending, status: 'approved' as const, decidedBy: 'slack:UADMIN2', decidedAt: minutes(1, now) };
      const card = renderer.approvalCard(decided, now);
      expect(inspect.buttons(card)).toEqual([]);
      expect(inspect.text(card)).toContain('r1');
    });

    test('a digest shows its title and every line', () => {
      const digest = { topic: 'backup' as const, ok: true, title: 'Backup b-1 done', lines: ['12 notes', 'sha256 verified'] };
      const text = inspect.text(renderer.digest(digest));
      for (const part of [digest.title, ...digest.lines]) expect(text).toContain(part);
    });

    test('an error is shown as the sentence given', () => {
      expect(inspect.text(renderer.error('Note n9 does not exist.'))).toContain('Note n9 does not exist.');
    });
  });
}
