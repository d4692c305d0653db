import { translateProxyResult } from '../../../src/api-gateway/proxy-result';

describe('translateProxyResult', () => {
  it('merges headers, multiValueHeaders winning, and decodes a base64 body', () => {
    const translation = translateProxyResult({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3, 'X-Dup': 'single' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'x-dup': ['multi'] },
      body: Buffer.from('png!').toString('base64'),
      isBase64Encoded: true,
    });
    expect(translation.ok).toBe(true);
    if (!translation.ok) return;
    expect(translation.response.statusCode).toBe(201);
    expect(translation.response.headers).toEqual({
      'Content-Type': ['image/png'],
      'X-Count': ['3'],
      'Set-Cookie': ['a=1', 'b=2'],
      'x-dup': ['multi'],
    });
    expect(translation.response.body.toString()).toBe('png!');
  });

  it('takes a result without headers or body', () => {
    const translation = translateProxyResult({ statusCode: 204 });
    expect(translation).toMatchObject({ ok: true, response: { statusCode: 204, headers: {} } });
  });

  it.each([
    ['not an object', 'ok'],
    ['no status code', { body: '' }],
    ['a status code as a string', { statusCode: '200' }],
    ['an impossible status code', { statusCode: 42 }],
    ['an object body', { statusCode: 200, body: { id: 1 } }],
    ['an object header', { statusCode: 200, headers: { 'X-A': { b: 1 } } }],
    ['a scalar multi-value header', { statusCode: 200, multiValueHeaders: { 'X-A': 'b' } }],
    ['a non-boolean isBase64Encoded', { statusCode: 200, isBase64Encoded: 'yes' }],
  ])('rejects %s', (_, result) => {
    const translation = translateProxyResult(result);
    expect(translation.ok).toBe(false);
  });
});
