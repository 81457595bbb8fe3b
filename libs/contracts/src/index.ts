export * from './queues';
export * from './end-of-stream';
export * from './messages/chat-request.message';
export * from './messages/text-length';
export * from './messages/word.message';
export * from './messages/answer-transcript.message';
export * from './messages/relay-claim.message';
export * from './messages/parse-message';
