import { connectDatabase, databaseAnswers } from '../../adapters/mongo/connection.js';
import { freshDatabaseUri } from '../support/database.js';

test('the test database answers a ping', async () => {
  const connection = await connectDatabase(freshDatabaseUri('smoke'));
  expect(await databaseAnswers(connection)).toBe(true);
  await connection.close();
  expect(await databaseAnswers(connection)).toBe(false);
});
