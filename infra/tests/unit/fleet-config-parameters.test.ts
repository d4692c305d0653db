import { DEFAULT_FLEET_SETTINGS, FLEET_SETTING_NAMES } from '@fleet/fleet-config';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FleetConfigParameters } from '../../src';

function template(configPath?: string) {
  const stack = new Stack(new App(), 'Config', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new FleetConfigParameters(stack, 'Config', configPath === undefined ? {} : { configPath });
  return Template.fromStack(stack);
}

interface SdkCall {
  service: string;
  action: string;
  parameters: { Name: string; Value: string; Type: string; Overwrite: boolean };
  ignoreErrorCodesMatching?: string;
}

/** The SDK calls each setting's custom resource makes, by event. */
function calls(config: Template): { create: SdkCall; update: SdkCall }[] {
  const resources = config.findResources('Custom::FleetSetting') as Record<
    string,
    { Properties: { Create: string; Update: string } }
  >;
  return Object.values(resources).map(({ Properties }) => ({
    create: JSON.parse(Properties.Create) as SdkCall,
    update: JSON.parse(Properties.Update) as SdkCall,
  }));
}

describe('FleetConfigParameters', () => {
  it('creates every setting under /fleet/config with its default as JSON, never overwriting', () => {
    const settings = calls(template());
    expect(settings).toHaveLength(FLEET_SETTING_NAMES.length);
    for (const name of FLEET_SETTING_NAMES) {
      const setting = settings.find((s) => s.create.parameters.Name === `/fleet/config/${name}`);
      expect(setting?.create).toMatchObject({
        service: 'SSM',
        action: 'PutParameter',
        parameters: {
          Type: 'String',
          Value: JSON.stringify(DEFAULT_FLEET_SETTINGS[name]),
          Overwrite: false,
        },
        ignoreErrorCodesMatching: 'ParameterAlreadyExists',
      });
      // Deploys after the first create a setting added since, and keep existing values.
      expect(setting?.update).toEqual(setting?.create);
    }
  });

  it('stores the absent Mapbox token as JSON null, and the thresholds as an object', () => {
    const values = Object.fromEntries(
      calls(template()).map((s) => [s.create.parameters.Name, s.create.parameters.Value]),
    );
    expect(values['/fleet/config/mapboxAccessToken']).toBe('null');
    expect(JSON.parse(values['/fleet/config/anomalyThresholds'] ?? '')).toEqual({
      overSpeedKmh: 130,
      lowFuelPercent: 10,
      highOilTempCelsius: 120,
      harshAccelerationMs2: 4,
    });
  });

  it('lets its provider put only these parameters, and does nothing on delete', () => {
    const config = template();
    config.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ssm:PutParameter',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ssm:eu-west-1:123456789012:parameter/fleet/config/anomalyThresholds',
                ],
              ],
            },
          }),
        ]),
      },
    });
    for (const resource of Object.values(config.findResources('Custom::FleetSetting'))) {
      expect((resource as { Properties: Record<string, unknown> }).Properties).not.toHaveProperty(
        'Delete',
      );
    }
  });

  it('uses another config path, with or without a trailing slash', () => {
    const names = calls(template('/fleet/staging/')).map((s) => s.create.parameters.Name);
    expect(names).toContain('/fleet/staging/consoleRefreshIntervalSeconds');
  });

  it('refuses a relative config path', () => {
    expect(() => template('fleet/config')).toThrow('configPath must start with /');
  });
});
