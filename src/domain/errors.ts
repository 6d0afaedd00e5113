import type { ActionName } from '../usecases/actions.js';

/**
 * Typed errors with stable codes. Adapters turn them into one line of user text, in the reader's
 * language, through a single funnel per platform; nothing ever matches on message text.
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

/**
 * Which sentence explains an error: a key of the `errors` section of the message catalog
 * (adapters/chat/i18n), which must hold every one of these in every language.
 */
export type ErrorMessageKey =
  | 'unknownCommand'
  | 'needsRole'
  | 'needsRoleTo'
  | 'noRoleAnymore'
  | 'onlyAsker'
  | 'noteNotFound'
  | 'noteDeletedJustNow'
  | 'noteAlreadyDeleted'
  | 'noteNotDeleted'
  | 'notePurging'
  | 'planNotFound'
  | 'bulkPlanNotFound'
  | 'planNotBulkDelete'
  | 'planNotFinished'
  | 'planAlready'
  | 'planStopping'
  | 'planTooLarge'
  | 'selectionTooLarge'
  | 'emptyFilter'
  | 'nothingMatched'
  | 'nothingSelectedMatched'
  | 'noneSelected'
  | 'confirmationNotFound'
  | 'confirmationUsed'
  | 'confirmationExpired'
  | 'approvalNotFound'
  | 'selfApproval'
  | 'approvalExpiredOn'
  | 'approvalExpired'
  | 'approvalExpiredUndecided'
  | 'approvalAlreadyDecided'
  | 'approvalAlreadyDecidedAt'
  | 'lastAdmin'
  | 'listedAdmin'
  | 'rolesKeptChanging'
  | 'rolesKeptChangingAdmin'
  | 'reservedActor'
  | 'backupNotFound'
  | 'backupsUnavailable'
  | 'tooLong'
  | 'noText'
  | 'notRecordId'
  | 'notActorId'
  | 'revokeLeavesAdmin'
  | 'needsId'
  | 'notAnId'
  | 'needsPerson'
  | 'notPerson'
  | 'notPersonShort'
  | 'auditTakesOne'
  | 'unknownAuditQuery'
  | 'backupTakesNoArgs'
  | 'notBackupCommand'
  | 'backupNeedsId'
  | 'backupVerifyOnlyId'
  | 'backupRestoreOneScope'
  | 'unknownRestoreScope'
  | 'noSuchCommand'
  | 'addNeedsText'
  | 'grantNeedsRole'
  | 'notRolesCommand'
  | 'badDay'
  | 'noValue'
  | 'oneRecordOnly'
  | 'pageNotHere'
  | 'badPage'
  | 'unknownFilter'
  | 'afterNotBeforeBefore'
  | 'badPageButton'
  | 'notMyButton'
  | 'unknownSender'
  | 'backupFailedVerification'
  | 'backupStoppedBatch'
  | 'notLanguage'
  | 'notChannelLanguage'
  | 'notInChannel'
  | 'notCrmCommand'
  | 'noCrm'
  | 'noArguments'
  | 'needsJobId'
  | 'oneJobId'
  | 'notJobId'
  | 'jobNotFound'
  | 'jobFinished'
  | 'jobNotStoppable'
  | 'jobAlreadyStopping'
  | 'needsFile'
  | 'noSuchFile'
  | 'fileUnreadable'
  | 'fileIsFolder'
  | 'unknownExport'
  | 'exportMissingColumns'
  | 'exportUnreadable'
  | 'importConsoleOnly'
  | 'importsNotSetUp'
  | 'rowNoId'
  | 'rowIdTooLong'
  | 'rowBadDate'
  | 'notTokensCommand'
  | 'needsTokenName'
  | 'notTokenName'
  | 'tokensNotSetUp'
  | 'tokenShownOnce'
  | 'tokenExists'
  | 'tokenNotFound';

/** Values a message interpolates. Role, status and similar words are translated by the renderer. */
export type ErrorParams = Record<string, string | number>;

export class NotesError extends Error {
  readonly code: NotesErrorCode;
  readonly key: ErrorMessageKey;
  readonly params: ErrorParams;
  /** The subcommand whose usage line is shown under the message (bad input). */
  readonly usage?: ActionName;

  constructor(
    code: NotesErrorCode,
    key: ErrorMessageKey,
    params: ErrorParams = {},
    options: { usage?: ActionName; cause?: unknown } = {},
  ) {
    // The message is for logs only: users read the catalog's sentence for `key`.
    super(`${code}: ${key} ${JSON.stringify(params)}`, { cause: options.cause });
    this.name = 'NotesError';
    this.code = code;
    this.key = key;
    this.params = params;
    this.usage = options.usage;
  }
}

export function isNotesError(error: unknown, code?: NotesErrorCode): error is NotesError {
  return error instanceof NotesError && (code === undefined || error.code === code);
}

export const badInput = (key: ErrorMessageKey, params: ErrorParams = {}, usage?: ActionName) =>
  new NotesError('BadInput', key, params, { usage });
