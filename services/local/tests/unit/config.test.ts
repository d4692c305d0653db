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
});
