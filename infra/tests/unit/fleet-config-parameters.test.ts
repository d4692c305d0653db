import { DEFAULT_FLEET_SETTINGS, FLEET_SETTING_NAMES } from '@fleet/fleet-config';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FleetConfigParameters } from '../../src';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
function template(configPath?: string) {
  const stack = new Stack(new App());
  new FleetConfigParameters(stack, 'Config', configPath === undefined ? {} : { configPath });
  return Template.fromStack(stack);
}

describe('FleetConfigParameters', () => {
  it('holds every setting under /fleet/config with its default as JSON', () => {
    const config = template();
    config.resourceCountIs('AWS::SSM::Parameter', FLEET_SETTING_NAMES.length);
    for (const name of FLEET_SETTING_NAMES) {
      config.hasResourceProperties('AWS::SSM::Parameter', {
        Name: `/fleet/config/${name}`,
        Type: 'String',
        Value: JSON.stringify(DEFAULT_FLEET_SETTINGS[name]),
      });
    }
  });

  it('stores the absent Mapbox token as JSON null, and the thresholds as an object', () => {
    const config = template();
    config.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/fleet/config/mapboxAccessToken',
      Value: 'null',
    });
    config.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/fleet/config/anomalyThresholds',
      Value: JSON.stringify({
        overSpeedKmh: 130,
        lowFuelPercent: 10,
        highOilTempCelsius: 120,
        harshAccelerationMs2: 4,
      }),
    });
  });

  it('uses another config path, with or without a trailing slash', () => {
    template('/fleet/staging/').hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/fleet/staging/consoleRefreshIntervalSeconds',
      Value: '10',
    });
  });

  it('refuses a relative config path', () => {
    expect(() => template('fleet/config')).toThrow('configPath must start with /');
  });
});
