import { AmqpConnectionManager } from 'amqp-connection-manager';
import { Socket } from 'node:net';

/** amqplib's connection object keeps its socket here; the typings leave it out. */
interface WithSocket {
  connection?: { stream?: Socket };
}

const coalesced = new WeakSet<Socket>();

/**
 * amqplib hands every frame (each publish, each ack) to the socket as a write of its own, and with
 * TCP_NODELAY each write is a system call and a packet. Corking the socket at the first write of a
 * turn of the event loop, and uncorking it once the turn's synchronous work is done, sends all the
 * frames of that turn in one writev. Applied again to each new connection after a reconnect.
 */
export function coalesceFrameWrites(manager: AmqpConnectionManager): void {
  const apply = (connection: unknown): void => {
    const socket = (connection as WithSocket | undefined)?.connection?.stream;
    if (socket && !coalesced.has(socket)) corkPerTurn(socket);
  };
  manager.on('connect', ({ connection }) => apply(connection));
  apply(manager.connection);
}

function corkPerTurn(socket: Socket): void {
  coalesced.add(socket);
  const write = socket.write.bind(socket);
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = function (...args: Parameters<Socket['write']>): boolean {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  } as Socket['write'];
}
