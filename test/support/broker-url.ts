import { connect } from 'amqplib';

export const LOCAL_BROKER_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** The broker every test talks to, chosen once by the global setup. */
export function brokerUrl(): string {
  const url = process.env.RABBITMQ_URL;
  if (!url) throw new Error('RABBITMQ_URL is not set: run the tests through jest so that the global setup picks a broker');
  return url;
}

export async function brokerAnswers(url: string): Promise<boolean> {
  try {
    const connection = await connect(url, { timeout: 3000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}
