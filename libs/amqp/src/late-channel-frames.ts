import { AmqpConnectionManager } from 'amqp-connection-manager';

/** The parts of amqplib's Connection this reaches into; its typings leave them out. */
interface ConnectionInternals {
  accept: (this: ConnectionInternals, frame: { channel: number }) => unknown;
  channels: unknown[];
  freeChannels: { set(index: number): void; clear(index: number): void };
  releaseChannel: (this: ConnectionInternals, channel: number) => void;
}

/**
 * How long a channel number the broker closed stays out of use. Its late frames arrive within a
 * round trip or two; a second is far more than that, and a gateway opens few channels a second.
 */
const QUARANTINE_MS = 1000;

const guarded = new WeakSet<object>();

/**
 * RabbitMQ goes on sending a channel's deliveries for a moment after it has closed that channel
 * (a consume of a missing queue, say: rabbitmq/rabbitmq-server#13384). amqplib forgets the channel
 * as soon as it answers the close, so such a late frame either closes the whole connection ("Frame
 * on unknown channel") or, when the number was handed to a new channel meanwhile, closes that one
 * ("Unknown consumer"). The Java client drops such frames (rabbitmq-java-client#192); this does the
 * same, and keeps a closed channel's number unused for QUARANTINE_MS so that no new channel gets its
 * late frames. `libs/amqp/test/late-channel-frames.e2e-spec.ts` reproduces both.
 */
export function tolerateLateChannelFrames(manager: AmqpConnectionManager): void {
  const apply = (model: unknown): void => {
    const connection = (model as { connection?: ConnectionInternals } | undefined)?.connection;
    if (connection && !guarded.has(connection)) guard(connection);
  };
  manager.on('connect', ({ connection }) => apply(connection));
  apply(manager.connection);
}

/** The same for a bare amqplib connection (`amqplib.connect`'s result). */
export function guardConnection(model: unknown): void {
  const connection = (model as { connection: ConnectionInternals }).connection;
  if (!guarded.has(connection)) guard(connection);
}

function guard(connection: ConnectionInternals): void {
  guarded.add(connection);
  const accept = connection.accept;
  connection.accept = function (this: ConnectionInternals, frame: { channel: number }) {
    if (frame.channel !== 0 && !this.channels[frame.channel]) return;
    return accept.call(this, frame);
  };
  const release = connection.releaseChannel;
  connection.releaseChannel = function (this: ConnectionInternals, channel: number) {
    release.call(this, channel);
    this.freeChannels.set(channel);
    setTimeout(() => this.freeChannels.clear(channel), QUARANTINE_MS).unref();
  };
}
