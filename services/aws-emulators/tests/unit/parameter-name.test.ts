import {
  candidateNames,
  isUnderPath,
  normalisePath,
  validateNewParameterName,
} from '../../src/ssm/parameter-name';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const errorType = (name: string) => {
  try {
    validateNewParameterName(name, scope);
    return undefined;
  } catch (err) {
    return (err as { errorType: string }).errorType;
  }
};
const levels = (n: number) => Array.from({ length: n }, (_, i) => `/l${i}`).join('');

describe('validateNewParameterName', () => {
  it.each(['/fleet/config/anomalyThresholds', 'simple', '/a.b-c_d/E9', levels(15)])(
    'accepts %s',
    (name) => expect(errorType(name)).toBeUndefined(),
  );

  it.each([
    ['a slash without a leading one', 'fleet/config'],
    ['an empty level', '/fleet//config'],
    ['a trailing slash', '/fleet/'],
    ['a space', '/fleet/my param'],
    ['a colon', '/fleet:1'],
    ['the reserved aws prefix', '/aws/service/x'],
    ['the reserved ssm prefix, in any case', 'SSM-param'],
  ])('refuses %s with ValidationException', (_case, name) => {
    expect(errorType(name)).toBe('ValidationException');
  });

  it('refuses a 16th level with HierarchyLevelLimitExceededException', () => {
    expect(errorType(levels(16))).toBe('HierarchyLevelLimitExceededException');
  });

  it('refuses a name whose ARN would pass 1011 characters', () => {
    expect(errorType(`/${'x'.repeat(1011)}`)).toBe('ValidationException');
  });
});

describe('paths', () => {
  it('normalises a trailing slash and refuses relative paths', () => {
    expect(normalisePath('/fleet/')).toBe('/fleet');
    expect(normalisePath('/')).toBe('/');
    expect(() => normalisePath('fleet')).toThrow(/must begin with \//);
    expect(() => normalisePath(levels(16))).toThrow(/deeper than/);
  });

  it('finds parameters one level below a path, or all levels when recursive', () => {
    expect(isUnderPath('/fleet/a', '/fleet', false)).toBe(true);
    expect(isUnderPath('/fleet/sub/b', '/fleet', false)).toBe(false);
    expect(isUnderPath('/fleet/sub/b', '/fleet', true)).toBe(true);
    expect(isUnderPath('/fleetwood/a', '/fleet', true)).toBe(false);
    expect(isUnderPath('/fleet', '/fleet', true)).toBe(false);
    expect(isUnderPath('/top', '/', false)).toBe(true);
    expect(isUnderPath('/top/x', '/', false)).toBe(false);
    expect(isUnderPath('simple', '/', true)).toBe(false);
  });

  it('reads names out of parameter ARNs of this account', () => {
    expect(candidateNames('arn:aws:ssm:us-east-1:000000000000:parameter/fleet/x', scope)).toEqual([
      '/fleet/x',
      'fleet/x',
    ]);
    expect(candidateNames('/fleet/x', scope)).toEqual(['/fleet/x']);
    expect(candidateNames('arn:aws:ssm:eu-west-1:000000000000:parameter/x', scope)).toEqual([
      'arn:aws:ssm:eu-west-1:000000000000:parameter/x',
    ]);
  });
});
