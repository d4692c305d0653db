import { authorizerClaims } from '../../../src/api-gateway/authorizer-claims';

describe('authorizerClaims', () => {
  it('stringifies claims as the REST Cognito authorizer does', () => {
    expect(
      authorizerClaims({
        sub: '58e18350-4001-704c-0029-30a8ec351fa0',
        'cognito:groups': ['engineer', 'viewer'],
        email_verified: true,
        auth_time: 1781499381,
        exp: 1781502981,
        iat: 1781499381,
        token_use: 'id',
        'custom:depot': { city: 'Leipzig' },
        nothing: null,
      }),
    ).toEqual({
      sub: '58e18350-4001-704c-0029-30a8ec351fa0',
      'cognito:groups': 'engineer,viewer',
      email_verified: 'true',
      auth_time: '1781499381',
      exp: 'Mon Jun 15 05:56:21 UTC 2026',
      iat: 'Mon Jun 15 04:56:21 UTC 2026',
      token_use: 'id',
      'custom:depot': '{"city":"Leipzig"}',
    });
  });

  it('pads the day of the month', () => {
    expect(authorizerClaims({ exp: Date.UTC(2026, 1, 3, 4, 5, 6) / 1000 }).exp).toBe(
      'Tue Feb 03 04:05:06 UTC 2026',
    );
  });
});
