import {
  InMemoryApprovals,
  InMemoryLocales,
  InMemoryAudit,
  InMemoryConfirmations,
  InMemoryConversationAddresses,
  InMemoryJobState,
  InMemoryNotePurger,
  InMemoryNoteRestorer,
  InMemoryNotes,
  InMemoryOperations,
  InMemoryPlans,
  InMemoryRoles,
  InMemoryTokens,
} from '../support/memory.js';
import { conversationAddressesContract } from './suites/addresses.js';
import { auditLogContract } from './suites/audit.js';
import { notePurgerContract, noteRestorerContract } from './suites/backupNotes.js';
import { jobStateContract } from './suites/jobState.js';
import { noteRepositoryContract } from './suites/notes.js';
import { noteEffectsContract } from './suites/noteEffects.js';
import { operationStoreContract } from './suites/operations.js';
import { planStoreContract } from './suites/plans.js';
import { roleRepositoryContract } from './suites/roles.js';
import { sourcedNotesContract } from './suites/sourcedNotes.js';
import { tokenStoreContract } from './suites/tokens.js';
import { approvalStoreContract, confirmationStoreContract, localeStoreContract } from './suites/stores.js';

// The in-memory twins the unit tests rely on, held to the same contract as the Mongo repositories.
const label = 'in-memory twin';

noteRepositoryContract(label, async () => new InMemoryNotes());
noteEffectsContract(label, async () => new InMemoryNotes());
sourcedNotesContract(label, async () => {
  const notes = new InMemoryNotes();
  return { notes, peer: notes };
});
roleRepositoryContract(label, async () => {
  const roles = new InMemoryRoles();
  return { roles, peer: roles };
});
confirmationStoreContract(label, async () => {
  const store = new InMemoryConfirmations();
  return { store, peer: store };
});
planStoreContract(label, async () => {
  const plans = new InMemoryPlans();
  return { plans, peer: plans };
});
approvalStoreContract(label, async () => {
  const store = new InMemoryApprovals();
  return { store, peer: store };
});
localeStoreContract(label, async () => {
  const store = new InMemoryLocales();
  return { store, peer: store };
});
auditLogContract(label, async () => {
  const log = new InMemoryAudit();
  return { log, peer: log };
});
operationStoreContract(label, async () => {
  const store = new InMemoryOperations();
  return { store, peer: store };
});
tokenStoreContract(label, async () => {
  const store = new InMemoryTokens();
  return { store, peer: store };
});
conversationAddressesContract(label, async () => {
  const store = new InMemoryConversationAddresses();
  return { store, peer: () => new InMemoryConversationAddresses(store.byKey) };
});
noteRestorerContract(label, async () => {
  const notes = new InMemoryNotes();
  const restorer = new InMemoryNoteRestorer(notes);
  return { restorer, peer: restorer, notes };
});
notePurgerContract(label, async () => {
  const notes = new InMemoryNotes();
  return { purger: new InMemoryNotePurger(notes), notes, restorer: new InMemoryNoteRestorer(notes) };
});
jobStateContract(label, async () => {
  const state = new InMemoryJobState();
  return { state, peer: state };
});
