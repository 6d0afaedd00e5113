import { newNote } from '../../src/domain/note.js';
import { ensureAdmin } from '../../src/usecases/roles.js';
import type { CoreDeps } from '../../src/usecases/context.js';

/**
 * A realistic sample so a new user sees something at once (`npm start -- --demo`): notes on a
 * few accounts and opportunities by three people, over the last two months, and two admins
 * (console:alice, console:bob) so the two-person rule can be tried by switching with `as`.
 */
const samples: Array<[string, string, string]> = [
  ['acct-42', 'console:alice', 'Called about the renewal; they want a 3-year term #renewal #followup'],
  ['acct-42', 'console:carol', 'Sent revised pricing sheet, 8% discount approved by finance #pricing'],
  ['acct-42', 'console:bob', 'Champion (Dana, VP Ops) moving to a new role in Q1 — find a new sponsor #risk'],
  ['acct-42', 'console:alice', 'Duplicate of the renewal call note, please ignore #duplicate'],
  ['acct-7', 'console:bob', 'Onboarding kickoff done, 40 seats active #onboarding'],
  ['acct-7', 'console:carol', 'Support ticket 8812 escalated: SSO login loop #support #escalation'],
  ['acct-7', 'console:bob', 'Test note from the import script #test'],
  ['acct-7', 'console:bob', 'Test note from the import script (2) #test'],
  ['acct-7', 'console:alice', 'QBR scheduled for the 14th, agenda shared #qbr #followup'],
  ['acct-19', 'console:carol', 'Procurement asked for the security questionnaire #security'],
  ['acct-19', 'console:alice', 'Legal redlines received on the MSA, section 9 liability cap #legal'],
  ['acct-19', 'console:bob', 'Old contact details, superseded #duplicate'],
  ['opp-1001', 'console:alice', 'Discovery call: 3 teams, 120 users, budget in Q2 #discovery'],
  ['opp-1001', 'console:carol', 'Demo went well; they asked about Teams integration #demo #followup'],
  ['opp-1001', 'console:bob', 'Competitor in the deal offered 20% off #competition'],
  ['opp-1002', 'console:alice', 'Lost: chose to build in house. Revisit next year #lost'],
  ['opp-1002', 'console:carol', 'Test entry, delete me #test'],
  ['acct-88', 'console:bob', 'Invoice 2291 overdue 30 days, reminder sent #billing'],
  ['acct-88', 'console:carol', 'Customer happy with the new dashboard #feedback'],
  ['acct-88', 'console:alice', 'Asked for a reference call with a healthcare customer #reference'],
];

/**
 * Loads the samples that are not there yet, so `--demo` works on a database that already holds
 * notes of its own and a second `--demo` loads nothing twice. A sample counts as there when a note
 * (live or in the trash) has its record, author and exact text. Returns the counts; the console
 * says them in its reader's language.
 */
export async function loadDemoData(deps: CoreDeps): Promise<{ loaded: number; total: number }> {
  const { notes, roles, clock, ids } = deps;
  const now = clock.now();
  for (const admin of ['console:alice', 'console:bob']) {
    await ensureAdmin(roles, admin, 'system:demo', now);
  }
  const dayMs = 86_400_000;
  let loaded = 0;
  for (const [index, [recordId, authorId, body]] of samples.entries()) {
    if (await isLoaded(deps, recordId, authorId, body)) continue;
    const createdAt = new Date(now.getTime() - (samples.length - index) * 3 * dayMs + index * 3_600_000);
    const note = newNote({ id: ids.noteId(), recordId, body, authorId, at: createdAt });
    await notes.insert(note);
    await deps.audit.append(
      { actorId: 'system:demo', platform: 'system', action: 'note.add', targetIds: [note.id, recordId], details: { demo: true, authorId, body } },
      now,
    );
    loaded += 1;
  }
  return { loaded, total: samples.length };
}

async function isLoaded(deps: CoreDeps, recordId: string, authorId: string, body: string): Promise<boolean> {
  for (const state of ['live', 'deleted'] as const) {
    // The text filter matches substrings: an exact body is compared here.
    const found = await deps.notes.list({ state, recordId, authorId, text: [body] }, { offset: 0, limit: 50 });
    if (found.some((note) => note.body === body)) return true;
  }
  return false;
}
