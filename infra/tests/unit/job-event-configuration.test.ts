import { Template } from 'aws-cdk-lib/assertions';
import { dataStack } from '../support/data-stack';

describe('JobEventConfiguration', () => {
  const template = Template.fromStack(dataStack().stack);
  const resource = Object.values(template.findResources('Custom::AWS')).find((r) =>
    JSON.stringify(r).includes('UpdateEventConfigurations'),
  ) as { Properties: Record<string, unknown> } | undefined;

  it('turns on JOB_EXECUTION and THING events on create and update, and nothing on delete', () => {
    expect(resource).toBeDefined();
    const props = resource!.Properties;
    const call = {
      service: 'Iot',
      action: 'UpdateEventConfigurations',
      parameters: {
        eventConfigurations: { JOB_EXECUTION: { Enabled: true }, THING: { Enabled: true } },
      },
      physicalResourceId: { id: 'iot-event-configurations' },
    };
    expect(JSON.parse(props.Create as string)).toEqual(call);
    expect(JSON.parse(props.Update as string)).toEqual(call);
    expect(props.Delete).toBeUndefined();
  });

  it('may only call iot:UpdateEventConfigurations', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('iot:UpdateEventConfigurations'),
    );
    expect(policies).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(policies[0])).Properties.PolicyDocument.Statement).toEqual([
      { Action: 'iot:UpdateEventConfigurations', Effect: 'Allow', Resource: '*' },
    ]);
  });
});
