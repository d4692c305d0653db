import { CorsPolicy } from '../../../src/api-gateway/cors';

describe('CorsPolicy', () => {
  const policy = new CorsPolicy(['http://localhost:3000'], 300);

  it('allows listed origins only', () => {
    expect(policy.responseHeaders('http://localhost:3000')).toEqual({
      'Access-Control-Allow-Origin': 'http://localhost:3000',
      Vary: 'Origin',
    });
    expect(policy.responseHeaders('http://localhost:3001')).toEqual({});
    expect(policy.responseHeaders(undefined)).toEqual({});
    expect(policy.preflightHeaders('http://evil.example')).toEqual({});
  });

  it('answers preflights with the methods, headers and max age', () => {
    expect(policy.preflightHeaders('http://localhost:3000')).toMatchObject({
      'Access-Control-Allow-Methods': 'GET,POST,PUT,DELETE,OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization,Content-Type',
      'Access-Control-Max-Age': '300',
    });
  });

  it('echoes any origin when told *', () => {
    expect(new CorsPolicy(['*']).responseHeaders('http://anywhere.example')).toMatchObject({
      'Access-Control-Allow-Origin': 'http://anywhere.example',
    });
  });
});
