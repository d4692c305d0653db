import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Just enough of SSM's awsJson1_1 protocol (`X-Amz-Target: AmazonSSM.GetParameter`) for the real
 * SSMClient, until local mode has its own AWS emulators. Counts requests; `failing` answers 500.
 */
export async function startFakeSsm(parameters: Map<string, string>) {
  let requests = 0;
  let failing = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      const reply = (status: number, body: object, errorType?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(body));
      };
      if (failing) return reply(500, { message: 'internal' }, 'InternalServerError');
      if (req.headers['x-amz-target'] !== 'AmazonSSM.GetParameter') {
        return reply(400, { message: 'unsupported' }, 'UnknownOperationException');
      }
      const { Name } = JSON.parse(Buffer.concat(chunks).toString()) as { Name: string };
      const value = parameters.get(Name);
      if (value === undefined) return reply(400, { message: Name }, 'ParameterNotFound');
      reply(200, { Parameter: { Name, Type: 'String', Value: value, Version: 1 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new SSMClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    client,
    requests: () => requests,
    setFailing(value: boolean) {
      failing = value;
    },
    close: () => {
      client.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
