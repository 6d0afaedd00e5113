import { newNote } from '../../src/domain/note.js';
import { ensureAdmin } from '../../src/usecases/roles.js';
import type { App } from '../app.js';

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

export async function loadDemoData(app: App): Promise<string> {
  const { notes, roles, clock, ids } = app.deps;
  const existing = await notes.count({ state: 'live' });
  const now = clock.now();
  for (const admin of ['console:alice', 'console:bob']) {
    await ensureAdmin(roles, admin, 'system:demo', now);
  }
  if (existing > 0) return `Demo: the database already has ${existing} notes; left them as they are. console:alice and console:bob are admins.`;
  const dayMs = 86_400_000;
  for (const [index, [recordId, authorId, body]] of samples.entries()) {
    const createdAt = new Date(now.getTime() - (samples.length - index) * 3 * dayMs + index * 3_600_000);
    const note = newNote({ id: ids.noteId(), recordId, body, authorId, at: createdAt });
    await notes.insert(note);
    await app.deps.audit.append(
      { actorId: 'system:demo', platform: 'system', action: 'note.add', targetIds: [note.id, recordId], details: { demo: true, authorId, body } },
      now,
    );
  }
  return `Demo: loaded ${samples.length} sample notes on acct-42, acct-7, acct-19, acct-88, opp-1001 and opp-1002. console:alice and console:bob are admins ("as console:bob" switches).`;
}
