/**
 * Tests by kind, each a jest project (`--selectProjects`):
 * - unit: specs beside the code, no broker, seconds;
 * - e2e: each app's test/ folder against a real RabbitMQ, real HTTP and a real browser;
 * - faults: the broker stopped, connections cut, processes killed, a cluster losing a node. They stop
 *   the shared broker, so they run on their own and in band (`npm run test:faults`);
 * - soak: minutes of load (`npm run test:soak`).
 */
const shared = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@app/contracts(|/.*)$': '<rootDir>/libs/contracts/src$1',
    '^@app/config(|/.*)$': '<rootDir>/libs/config/src$1',
    '^@app/amqp(|/.*)$': '<rootDir>/libs/amqp/src$1',
    '^@app/observability(|/.*)$': '<rootDir>/libs/observability/src$1',
  },
  testEnvironment: 'node',
};

/** Picks the run's broker once (and stops a container it started). */
const withBroker = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', testRegex: '\\.spec\\.ts$' },
    { ...shared, ...withBroker, displayName: 'e2e', testRegex: '\\.e2e-spec\\.ts$' },
    { ...shared, ...withBroker, displayName: 'faults', testRegex: '\\.faults-spec\\.ts$' },
    { ...shared, ...withBroker, displayName: 'soak', testRegex: '\\.soak-spec\\.ts$' },
  ],
};
