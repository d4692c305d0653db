import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { API_IOT_ACTIONS, CONSOLE_OUTPUT_KEYS, FleetApi, type FleetApiProps } from '../../src';
import { apiStack } from '../support/api-stack';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
interface Statement {
  Action: string | string[];
  Resource: unknown;
}
interface CfnMethod {
  Properties: {
    HttpMethod: string;
    AuthorizationType: string;
    AuthorizerId?: unknown;
    ResourceId: { Ref: string };
  };
}

const ACCOUNT_REGION = ':eu-west-1:123456789012:';
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement): unknown[] =>
  Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource];
/** An ARN as CDK renders it: `arn:` + the partition + the rest. */
const partitioned = (rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]],
});

function functionStatements(template: Template): Statement[] {
  // The role's default policy, and the one holding only iot:ListJobs.
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FleetApiHandlerServiceRole') }] },
  });
  expect(Object.keys(policies)).toHaveLength(2);
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
        .PolicyDocument.Statement,
  );
}

describe('FleetApi', () => {
  const { stack } = apiStack();
  const template = Template.fromStack(stack);

  it('builds the API Lambda from services/api for Node 24 on ARM64 with its settings', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 29,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^FleetApiFunctionLogs') } },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          OPENSEARCH_URL: 'https://search-fleet.eu-west-1.es.amazonaws.com',
          OPENSEARCH_AUTH: 'sigv4',
          AWS_ACCOUNT_ID: '123456789012',
          FLEET_CONFIG_PATH: '/fleet/config',
          CONSOLE_ORIGINS: 'https://console.fleet.example',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('needs a Cognito token on every method but GET /openapi.json and CORS preflights', () => {
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const pathOf = (id: string) =>
      (resources[id] as { Properties: { PathPart: string } }).Properties.PathPart;
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as CfnMethod[];
    const seen = methods.map(
      (m) => `${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId.Ref)}`,
    );
    expect(seen.sort()).toEqual([
      'ANY {proxy+}',
      'GET openapi.json',
      'OPTIONS openapi.json',
      'OPTIONS {proxy+}',
    ]);
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGateway::Authorizer'));
    for (const method of methods) {
      const { HttpMethod, AuthorizationType, AuthorizerId, ResourceId } = method.Properties;
      const isPublic =
        HttpMethod === 'OPTIONS' ||
        (HttpMethod === 'GET' && pathOf(ResourceId.Ref) === 'openapi.json');
      if (isPublic) {
        expect(AuthorizationType).toBe('NONE');
      } else {
        expect(AuthorizationType).toBe('COGNITO_USER_POOLS');
        expect(AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'Arn'] }],
    });
  });

  it('proxies to the Lambda and validates requests', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^FleetApiValidator') },
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('answers CORS preflights for the console origin', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      ResourceId: { Ref: Match.stringLikeRegexp('^FleetApiproxy') },
      Integration: {
        Type: 'MOCK',
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin':
                "'https://console.fleet.example'",
              'method.response.header.Access-Control-Allow-Methods':
                "'GET,POST,PUT,DELETE,OPTIONS'",
              'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'",
            }),
          }),
        ],
      },
    });
  });

  it("adds CORS headers to API Gateway's own 4xx and 5xx so the console can read a 401", () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': "'https://console.fleet.example'",
        }),
      });
    }
  });

  it('with several console origins, echoes the caller origin on gateway errors', () => {
    const several = Template.fromStack(
      apiStack({
        api: { consoleOrigins: ['https://console.fleet.example', 'http://localhost:5173'] },
      }).stack,
    );
    several.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_4XX',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
      }),
    });
    several.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CONSOLE_ORIGINS: 'https://console.fleet.example,http://localhost:5173',
        }),
      },
    });
  });

  it('throttles the stage, logs access as JSON, logs errors and traces', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ],
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('^\\{"requestId":"\\$context.requestId"'),
      },
    });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as {
      Properties: { AccessLogSetting: { Format: string } };
    };
    expect(() => JSON.parse(stage.Properties.AccessLogSetting.Format) as unknown).not.toThrow();
  });

  it('takes throttling, log retention and production from its props', () => {
    const custom = Template.fromStack(
      apiStack({
        production: true,
        api: {
          throttle: { rateLimit: 5, burstLimit: 10 },
          logRetention: logs.RetentionDays.ONE_YEAR,
        },
      }).stack,
    );
    custom.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })],
    });
    custom.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  it('reads and writes the settings only under the config path', () => {
    const ssm = functionStatements(template).filter((s) => actionsOf(s)[0]!.startsWith('ssm:'));
    expect(ssm).toEqual([
      expect.objectContaining({
        Action: 'ssm:GetParametersByPath',
        Resource: [
          partitioned(`:ssm${ACCOUNT_REGION}parameter/fleet/config`),
          partitioned(`:ssm${ACCOUNT_REGION}parameter/fleet/config/*`),
        ],
      }),
      expect.objectContaining({
        Action: 'ssm:PutParameter',
        Resource: partitioned(`:ssm${ACCOUNT_REGION}parameter/fleet/config/*`),
      }),
    ]);
  });

  it('grants exactly the IoT actions the API calls, on IoT ARNs of this account and region', () => {
    const iot = functionStatements(template).filter((s) => actionsOf(s)[0]!.startsWith('iot:'));
    expect(iot.flatMap(actionsOf).sort()).toEqual([...API_IOT_ACTIONS].sort());
    for (const statement of iot) {
      for (const resource of resourcesOf(statement)) {
        if (actionsOf(statement).includes('iot:ListJobs')) {
          // ListJobs has no resource type, so it is alone in its statement.
          expect(statement.Action).toBe('iot:ListJobs');
          expect(resource).toBe('*');
        } else {
          expect(JSON.stringify(resource)).toMatch(
            /:iot:eu-west-1:123456789012:(job|thing|thinggroup)\/(ota-)?\*"/,
          );
        }
      }
    }
    // Only the API's own `ota-` jobs and groups can be created.
    expect(iot).toContainEqual(
      expect.objectContaining({
        Action: 'iot:CreateThingGroup',
        Resource: partitioned(`:iot${ACCOUNT_REGION}thinggroup/ota-*`),
      }),
    );
    expect(iot).toContainEqual(
      expect.objectContaining({
        Action: 'iot:CreateJob',
        Resource: expect.arrayContaining([
          partitioned(`:iot${ACCOUNT_REGION}job/ota-*`),
        ]) as unknown,
      }),
    );
  });

  it('only reads the OpenSearch domain: GET, HEAD and POST, no PUT or DELETE', () => {
    const es = functionStatements(template).filter((s) => actionsOf(s)[0]!.startsWith('es:'));
    expect(es).toEqual([
      expect.objectContaining({
        Action: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpHead'],
        Resource: 'arn:aws:es:eu-west-1:123456789012:domain/fleet/*',
      }),
    ]);
    const all = functionStatements(template).flatMap(actionsOf);
    expect(all).not.toContain('es:ESHttpPut');
    expect(all).not.toContain('es:ESHttpDelete');
    expect(all.every((a) => /^(ssm|iot|es):/.test(a))).toBe(true);
  });

  it('outputs what the console build needs under fixed names', () => {
    template.hasOutput(CONSOLE_OUTPUT_KEYS.apiUrl, {
      Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasOutput(CONSOLE_OUTPUT_KEYS.userPoolId, {
      Value: { Ref: Match.stringLikeRegexp('^AuthUserPool') },
    });
    template.hasOutput(CONSOLE_OUTPUT_KEYS.userPoolClientId, {
      Value: { Ref: Match.stringLikeRegexp('^AuthUserPoolConsoleClient') },
    });
    template.hasOutput(CONSOLE_OUTPUT_KEYS.region, { Value: 'eu-west-1' });
  });

  describe('refuses', () => {
    const build = (overrides: Partial<FleetApiProps>) => {
      const scope = new Stack(new App());
      return () =>
        new FleetApi(scope, 'Api', {
          userPool: new cognito.UserPool(scope, 'Pool'),
          opensearchEndpoint: 'https://search.example',
          opensearchDomainArn: 'arn:aws:es:eu-west-1:1:domain/x',
          consoleOrigins: ['https://console.example'],
          production: false,
          ...overrides,
        });
    };

    it('an empty consoleOrigins', () => {
      expect(build({ consoleOrigins: [] })).toThrow('consoleOrigins must name at least one');
    });

    it('an origin with a path or not a URL', () => {
      expect(build({ consoleOrigins: ['https://console.example/app'] })).toThrow(
        'must be a bare origin like https://console.example',
      );
      expect(build({ consoleOrigins: ['console'] })).toThrow('is not a URL');
    });

    it('an endpoint that is not HTTPS, a relative config path, a zero throttle', () => {
      expect(build({ opensearchEndpoint: 'http://search.example' })).toThrow('https://');
      expect(build({ configPath: 'fleet/config' })).toThrow('configPath must start with /');
      expect(build({ throttle: { rateLimit: 0, burstLimit: 1 } })).toThrow('must be positive');
    });
  });
});
