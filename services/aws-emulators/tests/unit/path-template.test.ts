import { compareSpecificity, compilePathTemplate } from '../../src/edge/path-template';

describe('compilePathTemplate', () => {
  it('matches labels and URI-decodes them', () => {
    const template = compilePathTemplate('/things/{thingName}/jobs/{jobId}');
    expect(template.match('/things/car%3A1/jobs/ota-7')).toEqual({
      thingName: 'car:1',
      jobId: 'ota-7',
    });
    expect(template.match('/things/car-1/jobs')).toBeUndefined();
    expect(template.match('/things/car-1/jobs/ota-7/extra')).toBeUndefined();
    expect(template.match('/things//jobs/ota-7')).toBeUndefined();
    expect(template.match('/thing/car-1/jobs/ota-7')).toBeUndefined();
  });

  it('matches literal-only and root templates exactly', () => {
    expect(compilePathTemplate('/event-configurations').match('/event-configurations')).toEqual({});
    expect(
      compilePathTemplate('/event-configurations').match('/event-configuration'),
    ).toBeUndefined();
    expect(compilePathTemplate('/').match('/')).toEqual({});
    expect(compilePathTemplate('/').match('/x')).toBeUndefined();
  });

  it('lets a greedy label take the rest of the path, decoded segment by segment', () => {
    const template = compilePathTemplate('/objects/{bucket}/{key+}');
    expect(template.match('/objects/b/a/b%20c/d')).toEqual({ bucket: 'b', key: 'a/b c/d' });
    expect(template.match('/objects/b/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(template.match('/objects/b')).toBeUndefined();
    expect(template.match('/objects/b/a//d')).toBeUndefined();
  });

  it('does not match a path with broken percent-encoding', () => {
    expect(compilePathTemplate('/things/{thingName}').match('/things/%E0%A4%A')).toBeUndefined();
  });

  it('refuses templates it cannot route', () => {
    expect(() => compilePathTemplate('things/{x}')).toThrow(/start with \//);
    expect(() => compilePathTemplate('/a/{key+}/b')).toThrow(/greedy label must come last/);
    expect(() => compilePathTemplate('/a/prefix-{x}')).toThrow(/whole segment/);
  });

  it('orders literal segments before labels and labels before greedy labels', () => {
    const label = compilePathTemplate('/thing-groups/{thingGroupName}');
    const literal = compilePathTemplate('/thing-groups/addThingToThingGroup');
    const greedy = compilePathTemplate('/thing-groups/{rest+}');
    const sorted = [greedy, label, literal].sort(compareSpecificity).map((t) => t.template);
    expect(sorted).toEqual([
      '/thing-groups/addThingToThingGroup',
      '/thing-groups/{thingGroupName}',
      '/thing-groups/{rest+}',
    ]);
  });

  it('gives templates that route the same paths the same shape', () => {
    expect(compilePathTemplate('/things/{a}/jobs/{b}').shape).toBe(
      compilePathTemplate('/things/{thingName}/jobs/{jobId}').shape,
    );
  });
});
