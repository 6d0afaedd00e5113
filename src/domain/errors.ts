/**
 * Typed errors with stable codes. Adapters turn them into one line of user text through a single
 * funnel per platform; nothing ever matches on message text.
 */
export type NotesErrorCode =
  | 'BadInput'
  | 'UnknownCommand'
  | 'NotPermitted'
  | 'NoteNotFound'
  | 'AlreadyDeleted'
  | 'NotDeleted'
  | 'PlanNotFound'
  | 'PlanTooLarge'
  | 'EmptyFilter'
  | 'NothingMatched'
  | 'ConfirmationNotFound'
  | 'ConfirmationExpired'
  | 'ApprovalNotFound'
  | 'ApprovalExpired'
  | 'AlreadyDecided'
  | 'SelfApproval'
  | 'LastAdmin'
  | 'ListedAdmin'
  | 'ReservedActor'
  | 'BackupNotFound'
  | 'BackupInvalid'
  | 'Unavailable'
  | 'JobNotFound'
  | 'JobFinished'
  // Input limits (src/domain/input.ts): text over a limit is refused, nothing stored.
  | 'InputTooLong';

export class NotesError extends Error {
  readonly code: NotesErrorCode;
  /** Usage line of the subcommand, shown under a BadInput message. */
  readonly usage?: string;

  constructor(code: NotesErrorCode, message: string, options: { usage?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'NotesError';
    this.code = code;
    this.usage = options.usage;
  }
}

export function isNotesError(error: unknown, code?: NotesErrorCode): error is NotesError {
  return error instanceof NotesError && (code === undefined || error.code === code);
}

export const badInput = (message: string, usage?: string) => new NotesError('BadInput', message, { usage });
