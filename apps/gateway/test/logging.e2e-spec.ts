import { AppProcess, startGatewayProcess } from '../../../test/support/app-process';

describe('LOG_FORMAT=json', () => {
  let gateway: AppProcess;
  let baseUrl: string;
  let internalUrl: string;

  beforeAll(async () => {
    ({ gateway, baseUrl, internalUrl } = await startGatewayProcess({ LOG_FORMAT: 'json' }));
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('logs one JSON object per line with level, context and message, and nothing per health probe or scrape', async () => {
    const linesBefore = gateway.printed.trim().split('\n');
    for (const line of linesBefore) {
      expect(JSON.parse(line)).toEqual(
        expect.objectContaining({ level: expect.any(String), context: expect.any(String), message: expect.any(String) }),
      );
    }
    expect(linesBefore.map((line) => (JSON.parse(line) as { message: string }).message)).toContainEqual(
      expect.stringMatching(/^Chat page: http:\/\/localhost:\d+\/static\//),
    );

    for (let i = 0; i < 5; i += 1) {
      expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
      expect((await fetch(`${internalUrl}/metrics`)).status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.printed.trim().split('\n')).toHaveLength(linesBefore.length);
  });
});
