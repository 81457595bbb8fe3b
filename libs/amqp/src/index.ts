export * from './amqp.config';
export * from './amqp-connection-options';
export * from './coalesce-frame-writes';
export * from './broker-clients-probe';
export * from './channel-closed';
export * from './late-channel-frames';
