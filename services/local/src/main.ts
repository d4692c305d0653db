import { loadConfig } from './config';
import { localAwsEnvironment } from './local-aws-client-config';
import { startLocalStack } from './start-local-stack';

async function main() {
  const config = loadConfig();
  const stack = await startLocalStack(config);
  const { created, updated, unchanged } = stack.indices;
  const print = (label: string, value: string) => console.log(`  ${label.padEnd(17)}${value}`);
  console.log(`Fleet Manager local stack is up (state in ${config.dataDir})`);
  print('search engine', stack.searchUrl);
  print(
    'indices',
    `created [${created.join(', ')}] updated [${updated.join(', ')}] unchanged [${unchanged.join(', ')}]`,
  );
  print('MQTT', `${stack.mqttUrl} (WebSocket ${stack.mqttWsUrl})`);
  print('internal MQTT', `${stack.internalIdentity.username} / ${stack.internalIdentity.password}`);
  print('AWS emulators', `${stack.aws.url} (IoT, IoT Jobs, SSM; region ${stack.aws.region})`);
  print(
    'Cognito',
    `${stack.cognito.endpoint} pool ${stack.cognito.userPoolId} client ${stack.cognito.clientId}`,
  );
  print('API', `${stack.apiUrl} (OpenAPI: ${stack.apiUrl}/openapi.json)`);
  for (const user of stack.cognito.users) {
    print(
      user.group === 'viewer' ? 'demo users' : '',
      `${user.username} / ${config.demoPassword} (${user.group})`,
    );
  }
  print('rule errors', stack.errorDir);
  print('manifest', stack.manifestFile);
  print(
    'simulated fleet',
    stack.fleet
      ? `${config.simulatedFleet.vehicles} vehicles every ${config.simulatedFleet.intervalMs} ms (FLEET_SIM_VEHICLES=0 turns it off)`
      : 'off',
  );
  console.log(`  try: curl -s '${stack.searchUrl}/latest_telemetry/_count'`);
  console.log('  AWS SDK and CLI against the emulators:');
  for (const [name, value] of Object.entries(localAwsEnvironment(stack.aws.url))) {
    console.log(`    export ${name}=${value}`);
  }

  const report = setInterval(() => {
    const stats = stack.rulesEngine.stats();
    const line = Object.entries(stats)
      .filter(([, s]) => s.matched > 0)
      .map(
        ([rule, s]) =>
          `${rule} ${s.accepted}/${s.matched}${s.failed ? ` (${s.failed} failed)` : ''}`,
      )
      .join(', ');
    if (line) console.log(`[rules] ${line}`);
  }, 10_000);
  report.unref();

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(report);
    void stack.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
