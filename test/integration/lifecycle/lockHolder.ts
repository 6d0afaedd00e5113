import { DataDirInUse, lockDataDir } from '../../../adapters/mongo/dataDirLock.js';

/**
 * A process that tries to own a folder (dataDirLock.test.ts starts several at once): prints
 * "won" and holds the lock until its stdin closes, or "refused <owner pid>" and exits 3.
 */
try {
  const lock = await lockDataDir(process.argv[2]);
  process.stdout.write('won\n');
  process.stdin.resume();
  process.stdin.once('end', () => {
    lock.release();
    process.exit(0);
  });
} catch (error) {
  if (!(error instanceof DataDirInUse)) throw error;
  process.stdout.write(`refused ${error.ownerPid}\n`);
  process.exit(3);
}
