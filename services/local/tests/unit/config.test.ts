import { join } from 'node:path';
import { loadConfig } from '../../src/config';

describe('local stack config', () => {
  it('defaults to port 9200 and .data at the repository root', () => {
    const config = loadConfig({});
    expect(config.searchPort).toBe(9200);
    expect(config.dataDir).toBe(join(__dirname, '..', '..', '..', '..', '.data'));
  });

  it('fails fast on an invalid port, naming the variable', () => {
    expect(() => loadConfig({ SEARCH_ENGINE_PORT: 'ninety' })).toThrow(/SEARCH_ENGINE_PORT/);
    expect(() => loadConfig({ SEARCH_ENGINE_PORT: '70000' })).toThrow(/SEARCH_ENGINE_PORT/);
  });

  it('defaults the AWS edge, Cognito and API ports, the demo password and the console origin', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      awsEdgePort: 4566,
      cognitoPort: 9229,
      apiPort: 4000,
      demoPassword: 'Fleet-Demo-2026!',
      consoleOrigins: ['http://localhost:3000'],
    });
    expect(config.simulatedFleet.ota).toEqual({ failureRate: 0, durationMs: 20_000 });
  });

  it('reads console origins as a list and refuses a bad one, or a bad failure rate', () => {
    expect(
      loadConfig({ FLEET_CONSOLE_ORIGINS: 'http://a.test:3000, https://b.test' }).consoleOrigins,
    ).toEqual(['http://a.test:3000', 'https://b.test']);
    expect(() => loadConfig({ FLEET_CONSOLE_ORIGINS: 'not a url' })).toThrow(
      /FLEET_CONSOLE_ORIGINS/,
    );
    expect(() => loadConfig({ FLEET_SIM_OTA_FAILURE_RATE: '1.5' })).toThrow(
      /FLEET_SIM_OTA_FAILURE_RATE/,
    );
  });
});
