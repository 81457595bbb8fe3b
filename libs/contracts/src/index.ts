export * from './queues';
export * from './end-of-stream';
export * from './messages/chat-request.message';
export * from './messages/word.message';
export * from './messages/parse-message';
export * from './config/validate-env';
export * from './config/amqp.config';
export * from './config/amqp-connection-options';
