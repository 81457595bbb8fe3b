import { LoggerService, LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { BrokerErrorsFilter } from './broker/broker-errors.filter';
import { GatewayModule } from './gateway.module';
import { MAX_BODY_BYTES } from './http/body-limits';
import { HttpErrorsFilter } from './http/http-errors.filter';

export async function createGatewayApp(logger?: LoggerService | LogLevel[]): Promise<NestExpressApplication> {
  // forceCloseConnections: open event streams must not hold shutdown hostage.
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, {
    logger,
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false });
  // Lets class-validator build MaxTextLengthConstraint with the injected configuration.
  useContainer(app.select(GatewayModule), { fallbackOnErrors: true });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.useGlobalFilters(new HttpErrorsFilter(app.getHttpAdapter()), new BrokerErrorsFilter());
  app.enableShutdownHooks();
  setUpApiDocs(app);
  return app;
}

function setUpApiDocs(app: NestExpressApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Word streaming gateway')
    .setDescription('Start chats, send messages and stream the answers word by word as Server-Sent Events.')
    .setVersion('1.0')
    .build();
  SwaggerModule.setup('api', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'api-json' });
}
