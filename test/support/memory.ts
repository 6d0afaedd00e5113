/**
 * In-memory twins of every storage port. The contract suite runs the same tests against these
 * and the Mongo repositories, so unit tests on the core can trust them.
 */
export * from './memory/notes.js';
export * from './memory/stores.js';
export * from './memory/jobs.js';
