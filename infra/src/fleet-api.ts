import { join } from 'node:path';
import { DEFAULT_CONFIG_PATH } from '@fleet/fleet-config';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  acknowledgeLambdaBasicExecution,
  acknowledgeWildcardResources,
} from './nag-acknowledgements';
import { FleetFunction } from './fleet-function';
import { originProblem } from './web-names';

/** Steady-state requests per second and burst for the whole stage. */
export interface FleetApiThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface FleetApiProps {
  /** The user pool whose ID tokens the API accepts. */
  readonly userPool: cognito.IUserPool;
  /** HTTPS endpoint of the OpenSearch domain the API reads. */
  readonly opensearchEndpoint: string;
  /** The domain's ARN, for the API's read-only HTTP-method-scoped access. */
  readonly opensearchDomainArn: string;
  /** Origins of the console (`https://console.example.com`), allowed by CORS; at least one. */
  readonly consoleOrigins: readonly string[];
  /** SSM path of the fleet settings. @default `/fleet/config` */
  readonly configPath?: string;
  /** @default 50 requests per second, bursts of 100 */
  readonly throttle?: FleetApiThrottle;
  /** How long the function's and the stage's access logs are kept. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** Production keeps the access logs when the stack is deleted. */
  readonly production: boolean;
  /**
   * A regional WAFv2 web ACL to put in front of the stage. WAF is billed per ACL, rule and
   * request, so it is opt-in; the Cognito authorizer and throttling protect the API without it.
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;
}

export const DEFAULT_API_THROTTLE: FleetApiThrottle = { rateLimit: 50, burstLimit: 100 };

/** The IoT actions the API calls (`services/api/src/ota`), and nothing else. */
export const API_IOT_ACTIONS = [
  'iot:CreateJob',
  'iot:DescribeJob',
  'iot:ListJobs',
  'iot:ListJobExecutionsForJob',
  'iot:CancelJob',
  'iot:GetJobDocument',
  'iot:CreateThingGroup',
  'iot:AddThingToThingGroup',
  'iot:ListThingsInThingGroup',
] as const;

/** The API only reads OpenSearch: `_search` and `_mget` are POSTs, document reads are GETs. */
export const API_OPENSEARCH_ACTIONS = ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpHead'] as const;

/** Jobs and thing groups the API creates are named `ota-…` (`newJobId`). */
const OTA_NAME_PATTERN = 'ota-*';

const SERVICE_ROOT = join(__dirname, '../../services/api');
const PREFLIGHT_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
const PREFLIGHT_HEADERS = ['Authorization', 'Content-Type'];

function checkOrigin(origin: string): void {
  // A deploy-time value (the console distribution's domain) is checked where it is built.
  if (Token.isUnresolved(origin)) return;
  const problem = originProblem(origin);
  if (problem) throw new Error(`consoleOrigins: ${problem}`);
}

/**
 * The fleet API: one Lambda built from `services/api` behind an API Gateway REST API. Every
 * method needs a Cognito ID token except `GET /openapi.json` and CORS preflights; the function
 * may read OpenSearch, read and write the fleet settings, and manage OTA jobs, nothing more.
 */
export class FleetApi extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly api: apigateway.RestApi;
  readonly authorizer: apigateway.CognitoUserPoolsAuthorizer;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FleetApiProps) {
    super(scope, id);
    if (props.consoleOrigins.length === 0) {
      throw new Error('consoleOrigins must name at least one console origin');
    }
    props.consoleOrigins.forEach(checkOrigin);
    if (!props.opensearchEndpoint.startsWith('https://')) {
      throw new Error('opensearchEndpoint must be an https:// URL');
    }
    const configPath = (props.configPath ?? DEFAULT_CONFIG_PATH).replace(/\/+$/, '');
    if (!configPath.startsWith('/') || configPath.length < 2) {
      throw new Error('configPath must start with / and name a path');
    }
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    if (throttle.rateLimit <= 0 || throttle.burstLimit < 1) {
      throw new Error('throttle rateLimit and burstLimit must be positive');
    }
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const stack = Stack.of(this);

    const functionLogs = new logs.LogGroup(this, 'FunctionLogs', {
      retention: logRetention,
      removalPolicy,
    });
    this.function = new FleetFunction(this, 'Handler', {
      entry: join(SERVICE_ROOT, 'src/lambda/handler.ts'),
      memorySize: 1024,
      // API Gateway gives up after 29 s; the function should not outlive it.
      timeout: Duration.seconds(29),
      logGroup: functionLogs,
      environment: {
        OPENSEARCH_URL: props.opensearchEndpoint,
        OPENSEARCH_AUTH: 'sigv4',
        AWS_ACCOUNT_ID: stack.account,
        FLEET_CONFIG_PATH: configPath,
        CONSOLE_ORIGINS: props.consoleOrigins.join(','),
      },
    });
    this.grantAccess(configPath, props.opensearchDomainArn);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      removalPolicy,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `${stack.stackName}-fleet-api`,
      description: 'Fleet Manager API',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Execution logging needs the account's API Gateway CloudWatch role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        // Request and response bodies carry fleet data; keep them out of the logs.
        dataTraceEnabled: false,
        // X-Ray samples 1 request a second plus 5 %, so tracing the stage costs little.
        tracingEnabled: true,
      },
    });
    this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      resultsCacheTtl: Duration.minutes(5),
    });
    // Every method has a body or parameters the Lambda validates too; this is the cheap first line.
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const integration = new apigateway.LambdaIntegration(this.function, {
      proxy: true,
      allowTestInvoke: false,
    });
    const preflight: apigateway.CorsOptions = {
      allowOrigins: [...props.consoleOrigins],
      allowMethods: PREFLIGHT_METHODS,
      allowHeaders: PREFLIGHT_HEADERS,
      maxAge: Duration.hours(1),
    };
    const proxy = this.api.root.addResource('{proxy+}', { defaultCorsPreflightOptions: preflight });
    proxy.addMethod('ANY', integration, {
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizer: this.authorizer,
      requestValidator: validator,
    });
    const openApi = this.api.root.addResource('openapi.json', {
      defaultCorsPreflightOptions: preflight,
    });
    const openApiGet = openApi.addMethod('GET', integration, {
      authorizationType: apigateway.AuthorizationType.NONE,
      requestValidator: validator,
    });
    for (const rule of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
      Validations.of(openApiGet).acknowledge({
        id: rule,
        reason:
          'GET /openapi.json is the public API description (access: public in api-routes.ts), read by tools and the console before sign-in.',
      });
    }

    // API Gateway's own 401/403/429/5xx never reach the Lambda; without CORS headers the
    // console could not tell an expired token from a network error.
    const allowOrigin =
      props.consoleOrigins.length === 1
        ? `'${props.consoleOrigins[0]}'`
        : // Several consoles: echo the caller's origin; these bodies are only error messages.
          'method.request.header.Origin';
    for (const type of [apigateway.ResponseType.DEFAULT_4XX, apigateway.ResponseType.DEFAULT_5XX]) {
      this.api.addGatewayResponse(`${type.responseType}Cors`, {
        type,
        responseHeaders: {
          'Access-Control-Allow-Origin': allowOrigin,
          'Access-Control-Allow-Headers': `'${PREFLIGHT_HEADERS.join(',')}'`,
          Vary: "'Origin'",
        },
      });
    }

    if (props.webAclArn) {
      new wafv2.CfnWebACLAssociation(this, 'WebAcl', {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: props.webAclArn,
      });
    } else {
      Validations.of(this.api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'No WAF web ACL in this deployment (webAclArn unset): every route but the OpenAPI document needs a Cognito token and the stage is throttled.',
      });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "The AWS-managed policy API Gateway's account-level CloudWatch role needs to write execution logs; it grants only log writes.",
    });
  }

  /** The URL of the deployed stage, ending in `/`. */
  get url(): string {
    return this.api.url;
  }

  private grantAccess(configPath: string, domainArn: string): void {
    const stack = Stack.of(this);
    const ssm = (name: string) =>
      stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name });
    const iot = (resource: string, name: string) =>
      stack.formatArn({ service: 'iot', resource, resourceName: name });
    const settingsPath = ssm(configPath.slice(1));
    const settings = ssm(`${configPath.slice(1)}/*`);
    const allJobs = iot('job', '*');
    const otaJobs = iot('job', OTA_NAME_PATTERN);
    const things = iot('thing', '*');
    const allGroups = iot('thinggroup', '*');
    const otaGroups = iot('thinggroup', OTA_NAME_PATTERN);
    const domainPaths = `${domainArn}/*`;

    const statements = [
      // The settings are read as one page of the path and written one parameter at a time.
      { actions: ['ssm:GetParametersByPath'], resources: [settingsPath, settings] },
      { actions: ['ssm:PutParameter'], resources: [settings] },
      // Any job may be listed, inspected and canceled; only `ota-` jobs and groups are created.
      {
        actions: [
          'iot:DescribeJob',
          'iot:GetJobDocument',
          'iot:ListJobExecutionsForJob',
          'iot:CancelJob',
        ],
        resources: [allJobs],
      },
      { actions: ['iot:CreateJob'], resources: [otaJobs, things, allGroups] },
      { actions: ['iot:CreateThingGroup'], resources: [otaGroups] },
      { actions: ['iot:AddThingToThingGroup'], resources: [things, otaGroups] },
      { actions: ['iot:ListThingsInThingGroup'], resources: [allGroups] },
      { actions: [...API_OPENSEARCH_ACTIONS], resources: [domainPaths] },
    ];
    for (const statement of statements) {
      this.function.addToRolePolicy(new iam.PolicyStatement(statement));
    }
    // ListJobs has no resource type, so IAM only accepts `*` for it. It gets a policy of its own,
    // so the acknowledgement below covers this one statement and not a `*` added elsewhere.
    const listJobs = new iam.Policy(this, 'ListJobsPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['iot:ListJobs'], resources: ['*'] })],
    });
    this.function.role?.attachInlinePolicy(listJobs);
    acknowledgeWildcardResources(
      listJobs,
      ['*'],
      'iot:ListJobs supports no resource-level permissions; it is the only action in this policy.',
    );

    acknowledgeLambdaBasicExecution(this.function);
    acknowledgeWildcardResources(
      this.function,
      [settings],
      'Only the parameters under the fleet config path: one per setting plus the change audit.',
    );
    acknowledgeWildcardResources(
      this.function,
      [allJobs, allGroups],
      'OTA jobs and their thing groups are created at run time, so their ids are not known at deploy time; reads and cancel cover every job the console lists.',
    );
    acknowledgeWildcardResources(
      this.function,
      [otaJobs, otaGroups],
      'Jobs and thing groups the API creates are all named ota-<version>-<random>, generated at run time.',
    );
    acknowledgeWildcardResources(
      this.function,
      [things],
      'An OTA job may target any registered vehicle; things are registered at provisioning time, not by this stack.',
    );
    acknowledgeWildcardResources(
      this.function,
      [domainPaths],
      'The HTTP paths of the one OpenSearch domain, with GET, HEAD and POST only (no writes or deletes).',
    );
  }
}
