import { Module } from '@nestjs/common';
import { wordProducerConfig, WordProducerConfig } from '../config/word-producer.config';
import { ANSWER_GENERATOR, AnswerGenerator } from './answer-generator';
import { EchoGenerator } from './echo-generator';
import { UpstreamGenerator } from './upstream/upstream-generator';

function answerGenerator({ upstream, wordDelayMs }: WordProducerConfig): AnswerGenerator {
  return upstream === undefined ? new EchoGenerator(wordDelayMs) : new UpstreamGenerator(upstream);
}

/** The AnswerGenerator that GENERATOR names. */
@Module({
  providers: [{ provide: ANSWER_GENERATOR, inject: [wordProducerConfig.KEY], useFactory: answerGenerator }],
  exports: [ANSWER_GENERATOR],
})
export class GenerationModule {}
