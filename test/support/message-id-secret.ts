/** Every gateway of a run, in the test processes and as real processes, binds message ids with this. */
export const TEST_MESSAGE_ID_SECRET = 'a test secret shared by every gateway of the run';
