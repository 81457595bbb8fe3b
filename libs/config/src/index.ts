export * from './validate-env';
export * from './env-config';
export * from './configuration-table';
