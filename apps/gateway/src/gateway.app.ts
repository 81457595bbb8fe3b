import { LoggerService, LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { BrokerErrorsFilter } from './broker/broker-errors.filter';
import { MaxTextLengthConstraint } from './chats/max-text-length.constraint';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { MAX_BODY_BYTES } from './http/body-limits';
import { acceptJsonAndFormBodies } from './http/body-parsers';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { acceptMultipartFields } from './http/multipart-fields';

/**
 * Fastify rather than Express: Express re-prototypes every request and response, which gives each
 * its own hidden class in V8, about 4 KiB more per open event stream (measured with heap snapshots).
 */
export async function createGatewayApp(logger?: LoggerService | LogLevel[]): Promise<NestFastifyApplication> {
  // forceCloseConnections: open event streams must not hold shutdown hostage.
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, adapter, { logger });
  acceptJsonAndFormBodies(app);
  await acceptMultipartFields(app);
  app.useStaticAssets({ root: app.get<GatewayConfig>(gatewayConfig.KEY).staticDir, prefix: '/static/' });
  useContainer(injectedConstraints(app), { fallback: true });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.useGlobalFilters(new HttpErrorsFilter(app.getHttpAdapter()), new BrokerErrorsFilter());
  app.enableShutdownHooks();
  setUpApiDocs(app);
  return app;
}

/**
 * Lets class-validator use MaxTextLengthConstraint as Nest built it, with the injected configuration.
 * class-validator asks its container for every constraint of every field, built-in ones included, and
 * Nest's container throws for classes it does not provide: an exception per field per request.
 */
function injectedConstraints(app: NestFastifyApplication): { get<T>(type: new (...args: unknown[]) => T): T | undefined } {
  const instances = new Map<unknown, unknown>([[MaxTextLengthConstraint, app.get(MaxTextLengthConstraint)]]);
  return { get: <T>(type: unknown) => instances.get(type) as T | undefined };
}

function setUpApiDocs(app: NestFastifyApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Word streaming gateway')
    .setDescription('Start chats, send messages and stream the answers word by word as Server-Sent Events.')
    .setVersion('1.0')
    .build();
  SwaggerModule.setup('api', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'api-json' });
}
