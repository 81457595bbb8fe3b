export * from './app-logger';
export * from './metrics-registry';
