import {
  InMemoryApprovals,
  InMemoryAudit,
  InMemoryConfirmations,
  InMemoryNotes,
  InMemoryPlans,
  InMemoryRoles,
} from '../support/memory.js';
import { auditLogContract } from './suites/audit.js';
import { noteRepositoryContract } from './suites/notes.js';
import { planStoreContract } from './suites/plans.js';
import { approvalStoreContract, confirmationStoreContract, roleRepositoryContract } from './suites/stores.js';

// The in-memory twins the unit tests rely on, held to the same contract as the Mongo repositories.
const label = 'in-memory twin';

noteRepositoryContract(label, async () => new InMemoryNotes());
roleRepositoryContract(label, async () => new InMemoryRoles());
confirmationStoreContract(label, async () => new InMemoryConfirmations());
planStoreContract(label, async () => {
  const plans = new InMemoryPlans();
  return { plans, peer: plans };
});
approvalStoreContract(label, async () => new InMemoryApprovals());
auditLogContract(label, async () => {
  const log = new InMemoryAudit();
  return { log, peer: log };
});
