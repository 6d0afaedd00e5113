import { describe, expect, test } from '@jest/globals';
import type { PlatformRenderer } from '../../../adapters/chat/platform.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { T0 } from './builders.js';
import { allSamples } from './outcomeSamples.js';
import { approvalSamples, digestSamples, lineMarker, progressSamples } from './viewSamples.js';

/**
 * The ids a rendered outcome must still show however long its notes are: people type them back
 * (`show`, `restore`, `undo`, `approve`), so a renderer that shortens a message to fit must cut
 * bodies, never the ids. The first and the last of a list: cutting from the end loses the last.
 */
export function idsShown(outcome: Outcome): string[] {
  const ends = <T>(items: T[]) => (items.length ? [items[0], items[items.length - 1]] : []);
  switch (outcome.kind) {
    case 'note':
    case 'note-added':
    case 'note-deleted':
    case 'note-restored':
    case 'confirm-delete':
      return [outcome.note.id];
    case 'note-list':
      return ends(outcome.notes).map((n) => n.id);
    case 'confirm-plan':
      return [outcome.plan.id, ...ends(outcome.sample).map((n) => n.id)];
    case 'plan-executed':
    case 'plan-undone':
      return [outcome.plan.id];
    case 'approval-requested':
      return [outcome.request.id];
    case 'approval-decided':
      return [outcome.request.id, ...(outcome.result ? idsShown(outcome.result) : [])];
    case 'approval-list':
      return outcome.requests.slice(0, 1).map((r) => r.id);
    case 'audit-entries':
      return outcome.notes.map((n) => n.id);
    case 'backup-list':
      return outcome.backups.slice(0, 1).map((b) => b.id);
    case 'backup-restored':
      return [outcome.report.backupId, ...outcome.report.restoredIds.slice(0, 1)];
    default:
      return [];
  }
}

/** A failure reads as the case and what broke, so a list of failures can be copied into a report. */
const verdict = (label: string, violations: string[]) => ({ label, violations });

/**
 * The limits contract every platform renderer runs: every outcome kind (test/contract/suites/
 * outcomeSamples.ts, the largest and most hostile a user can produce), approval cards, digests
 * and progress messages render inside the platform's limits, as `check` measures them (it returns
 * the violations, empty when the platform would take the message). `name` says the platform and
 * the language; run it once per language the renderer speaks.
 */
export function platformLimitsSuite<Native>(name: string, renderer: PlatformRenderer<Native>, check: (native: Native) => string[]): void {
  describe(`${name}: every outcome within the platform's limits`, () => {
    const cases = allSamples().map((s) => ({ ...s, label: `${s.kind} #${s.index}` }));

    test.each(cases)('$label', ({ label, outcome }) => {
      const native = renderer.outcome(outcome, T0);
      expect(verdict(label, check(native))).toEqual(verdict(label, []));
      const shown = JSON.stringify(native);
      const missing = idsShown(outcome).filter((id) => !shown.includes(id));
      expect({ label, missing }).toEqual({ label, missing: [] });
    });

    test('the samples cover every outcome kind, and the ids check has something to find', () => {
      const kinds = new Set(cases.map((c) => c.kind));
      // 35 kinds in src/usecases/outcomes.ts today; the samples' type makes tsc insist on all of them.
      expect(kinds.size).toBeGreaterThanOrEqual(35);
      expect(cases.filter((c) => idsShown(c.outcome).length > 0).length).toBeGreaterThan(20);
    });
  });

  describe(`${name}: approval cards, digests and progress within the platform's limits`, () => {
    test.each(approvalSamples)('approval card: $label', ({ label, request }) => {
      const card = renderer.approvalCard(request, T0);
      expect(verdict(label, check(card))).toEqual(verdict(label, []));
      expect(JSON.stringify(card)).toContain(request.id);
    });

    test.each(digestSamples)('digest: $label', ({ label, digest }) => {
      const message = renderer.digest(digest);
      expect(verdict(label, check(message))).toEqual(verdict(label, []));
      // The first line survives any cut: a digest cut from the top would hide what it is about.
      expect(JSON.stringify(message)).toContain(lineMarker(0));
    });

    const progress = renderer.progress;
    test.each(progressSamples)('progress: $label', ({ label, view }) => {
      if (!progress) throw new Error(`${name} has no progress messages`);
      const message = progress(view, T0);
      expect(verdict(label, check(message))).toEqual(verdict(label, []));
      // A finished backup shows the file it wrote, named by the backup's id; the rest name the job.
      const backupId = (view.result?.backup as { id?: string } | undefined)?.id;
      expect(JSON.stringify(message)).toContain(backupId ?? view.id);
    });
  });
}
