import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { indexDefinitions } from '@fleet/index-mappings';
import { CustomResource, Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { FLEET_SECURITY_ROLES, type FleetSearchDomain } from './fleet-search-domain';
import type { SecurityRoleMapping } from './index-bootstrap/bootstrap-handler';
import {
  acknowledgeLambdaBasicExecution,
  acknowledgeWildcardResources,
} from './nag-acknowledgements';
import { FleetFunction } from './fleet-function';

export interface IndexBootstrapProps {
  /** The domain to create the indices in; the function runs as its FGAC master role. */
  readonly domain: FleetSearchDomain;
  /**
   * Any value that changes per deploy (e.g. a timestamp) to run the bootstrap on every deploy,
   * not only when the mappings or role mappings change.
   *
   * @default - runs when the mappings, role mappings or endpoint change
   */
  readonly nonce?: string;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/** The HTTP methods `ensureIndices` and the security API calls use: HEAD, GET and PUT. */
export const INDEX_BOOTSTRAP_ACTIONS = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPut'] as const;

/** sha256 of the mapping files as loaded, so editing one reruns the bootstrap. */
export function mappingsHash(): string {
  return createHash('sha256').update(JSON.stringify(indexDefinitions)).digest('hex');
}

/**
 * A custom resource that runs `ensureIndices` from `@fleet/index-mappings` against the domain
 * (SigV4, as the FGAC master role) and sets the `fleet_reader`/`fleet_writer` roles and their
 * mappings to the roles granted on the domain. A mapping conflict fails the deploy.
 */
export class IndexBootstrap extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: IndexBootstrapProps) {
    super(scope, id);
    const { domain } = props;
    const role = domain.masterRole;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    role.addManagedPolicy(
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
    );
    this.function = new FleetFunction(this, 'Handler', {
      entry: join(__dirname, 'index-bootstrap/handler.ts'),
      memorySize: 256,
      timeout: Duration.minutes(5),
      role,
      logGroup,
      environment: { OPENSEARCH_URL: domain.endpoint },
    });
    const domainPaths = `${domain.domain.domainArn}/*`;
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...INDEX_BOOTSTRAP_ACTIONS], resources: [domainPaths] }),
    );

    const providerLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: providerLogs,
    });

    const securityRoles = Lazy.any({
      produce: () => {
        const mappings = domain.roleMappings();
        return (['read', 'write'] as const).map((level): SecurityRoleMapping => ({
          ...FLEET_SECURITY_ROLES[level],
          backendRoles: mappings[level],
        }));
      },
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::FleetIndexBootstrap',
      properties: {
        MappingsHash: mappingsHash(),
        ...(domain.replicas === undefined ? {} : { Replicas: String(domain.replicas) }),
        SecurityRoles: securityRoles,
        ...(props.nonce === undefined ? {} : { Nonce: props.nonce }),
      },
    });
    // The access policy must admit the master role before the first request.
    this.resource.node.addDependency(domain.domain);

    acknowledgeLambdaBasicExecution(role);
    acknowledgeWildcardResources(
      role,
      [domainPaths],
      'The HTTP paths of the one OpenSearch domain (index names and the security API), with HEAD, GET and PUT only.',
    );
    acknowledgeLambdaBasicExecution(provider);
    acknowledgeWildcardResources(
      provider,
      [`${this.function.functionArn}:*`],
      'The custom resource framework invokes any version of the one bootstrap function.',
    );
  }
}
