import { INDEX_NAMES } from '@fleet/index-mappings';
import { Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';

/** `read`: search and get the fleet indices (the API); `write`: also index, update and delete. */
export type FleetSearchAccess = 'read' | 'write';

/** An IAM role let into the domain, by its access policy and a fine-grained role mapping. */
export interface FleetSearchAccessRole {
  readonly role: iam.IRole;
  readonly access: FleetSearchAccess;
}

/** A fine-grained access control role, as the security plugin's `roles` API takes it. */
export interface FleetSecurityRole {
  readonly name: string;
  readonly clusterPermissions: readonly string[];
  readonly indexPatterns: readonly string[];
  readonly allowedActions: readonly string[];
}

/** The FGAC roles the bootstrap creates: narrower than the built-in `all_access`. */
export const FLEET_SECURITY_ROLES: Readonly<Record<FleetSearchAccess, FleetSecurityRole>> = {
  read: {
    name: 'fleet_reader',
    // `_mget` and `_msearch` are cluster-level actions.
    clusterPermissions: ['cluster_composite_ops_ro'],
    indexPatterns: [...INDEX_NAMES],
    allowedActions: ['read'],
  },
  write: {
    name: 'fleet_writer',
    // `_bulk` is a cluster-level action.
    clusterPermissions: ['cluster_composite_ops'],
    indexPatterns: [...INDEX_NAMES],
    // `crud` is read + write, which includes `_delete_by_query` (the retention job).
    allowedActions: ['crud'],
  },
};

/** The HTTP methods each access level's access policy entry allows. */
export const FLEET_SEARCH_HTTP_ACTIONS: Readonly<Record<FleetSearchAccess, readonly string[]>> = {
  read: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'],
  write: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'],
};

export interface FleetSearchDomainProps {
  /**
   * Production sizing: zone awareness over 2 AZs, 3 dedicated masters, and the domain and its
   * logs kept when the stack is deleted.
   */
  readonly production: boolean;
  /** Data nodes; a multiple of 2 with zone awareness. @default 2 in production, 1 otherwise */
  readonly dataNodes?: number;
  /** @default `r7g.large.search` in production, `t3.medium.search` otherwise */
  readonly dataNodeInstanceType?: string;
  /** Dedicated master nodes: 0, 3 or 5; production needs 3 or 5. @default 3 in production, 0 otherwise */
  readonly masterNodes?: number;
  /** @default `m7g.large.search` */
  readonly masterNodeInstanceType?: string;
  /** Spread data nodes over 2 AZs; production requires it. @default the value of `production` */
  readonly zoneAwareness?: boolean;
  /** gp3 volume per data node, in GiB. @default 100 in production, 10 otherwise */
  readonly volumeSizeGiB?: number;
  /** Roles let in at deploy time; more can be added with `grantAccess`. @default none */
  readonly accessRoles?: readonly FleetSearchAccessRole[];
  /** How long the slow and error logs are kept. @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The fleet's Amazon OpenSearch Service domain: the newest OpenSearch engine, encrypted at rest
 * and in transit (HTTPS only, TLS 1.2+), fine-grained access control with an IAM master role
 * (`masterRole`, which the index bootstrap runs as; no password anywhere), slow and error logs
 * to CloudWatch, and gp3 storage.
 *
 * Placement: a public endpoint, not a VPC. The Lambdas that use it run outside a VPC, so VPC
 * placement would mean putting them in one with NAT gateways (or endpoints for IoT, SSM, S3)
 * for a fixed monthly cost. Instead the access policy names only the stack's roles, every
 * request must be SigV4-signed by one of them, and FGAC limits each role to its indices.
 */
export class FleetSearchDomain extends Construct {
  readonly domain: opensearch.Domain;
  /** The FGAC master role; the index bootstrap's function runs as it. */
  readonly masterRole: iam.Role;
  /** `https://` URL of the domain, as `@fleet/search-client` takes it. */
  readonly endpoint: string;
  /** gp3 volume of each data node, in GiB. */
  readonly volumeSizeGiB: number;
  /** Replicas per index: 0 on a single data node (a replica could never be assigned). */
  readonly replicas: number | undefined;
  private readonly access: FleetSearchAccessRole[] = [];

  constructor(scope: Construct, id: string, props: FleetSearchDomainProps) {
    super(scope, id);
    const production = props.production;
    const zoneAwareness = props.zoneAwareness ?? production;
    const dataNodes = props.dataNodes ?? (production ? 2 : 1);
    const masterNodes = props.masterNodes ?? (production ? 3 : 0);
    const volumeSize = props.volumeSizeGiB ?? (production ? 100 : 10);
    if (production && !zoneAwareness) {
      throw new Error('a production domain needs zone awareness');
    }
    if (!Number.isInteger(dataNodes) || dataNodes < 1) {
      throw new Error('dataNodes must be a positive integer');
    }
    if (zoneAwareness && dataNodes % 2 !== 0) {
      throw new Error('with zone awareness over 2 AZs, dataNodes must be a multiple of 2');
    }
    if (![0, 3, 5].includes(masterNodes)) {
      throw new Error('masterNodes must be 0, 3 or 5');
    }
    if (production && masterNodes === 0) {
      throw new Error('a production domain needs dedicated master nodes');
    }
    if (!Number.isInteger(volumeSize) || volumeSize < 10) {
      throw new Error('volumeSizeGiB must be an integer of at least 10');
    }
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const logGroups = ['SlowSearchLogs', 'SlowIndexLogs', 'AppLogs'].map(
      (name) => new logs.LogGroup(this, name, { retention: logRetention, removalPolicy }),
    );
    const [slowSearchLogs, slowIndexLogs, appLogs] = logGroups as [
      logs.LogGroup,
      logs.LogGroup,
      logs.LogGroup,
    ];
    // A plain resource policy instead of CDK's default custom resource, which needs
    // logs:PutResourcePolicy on `*` at deploy time.
    const logsPolicy = new logs.CfnResourcePolicy(this, 'LogsResourcePolicy', {
      policyName: `${Names.uniqueId(this)}-opensearch-logs`,
      policyDocument: Stack.of(this).toJsonString({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'es.amazonaws.com' },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: logGroups.map((group) => group.logGroupArn),
            Condition: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
          },
        ],
      }),
    });

    this.masterRole = new iam.Role(this, 'MasterRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'FGAC master user of the fleet search domain; the index bootstrap runs as it',
    });

    this.domain = new opensearch.Domain(this, 'Domain', {
      version: opensearch.EngineVersion.OPENSEARCH_3_7,
      capacity: {
        dataNodes,
        dataNodeInstanceType:
          props.dataNodeInstanceType ?? (production ? 'r7g.large.search' : 't3.medium.search'),
        ...(masterNodes > 0
          ? {
              masterNodes,
              masterNodeInstanceType: props.masterNodeInstanceType ?? 'm7g.large.search',
            }
          : {}),
        // Standby needs 3 AZs; 2 AZs with a replica each is enough for this fleet.
        multiAzWithStandbyEnabled: false,
      },
      zoneAwareness: zoneAwareness
        ? { enabled: true, availabilityZoneCount: 2 }
        : { enabled: false },
      ebs: { volumeSize, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      fineGrainedAccessControl: { masterUserArn: this.masterRole.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: slowSearchLogs,
        slowIndexLogEnabled: true,
        slowIndexLogGroup: slowIndexLogs,
        appLogEnabled: true,
        appLogGroup: appLogs,
      },
      suppressLogsResourcePolicy: true,
      removalPolicy,
    });
    this.domain.node.addDependency(logsPolicy);
    this.endpoint = `https://${this.domain.domainEndpoint}`;
    this.volumeSizeGiB = volumeSize;
    this.replicas = dataNodes === 1 ? 0 : undefined;

    this.domain.addAccessPolicies(
      new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(this.masterRole.roleArn)],
        actions: ['es:ESHttp*'],
        resources: [`${this.domain.domainArn}/*`],
      }),
    );
    for (const access of props.accessRoles ?? []) this.grantAccess(access.role, access.access);

    Validations.of(this.domain).acknowledge(
      {
        id: 'AwsSolutions-OS1',
        reason:
          'Public endpoint by design (the Lambdas run outside a VPC, so no NAT cost): the access policy admits only the stack roles, requests must be SigV4-signed, and FGAC scopes each role.',
      },
      {
        id: 'AwsSolutions-OS3',
        reason:
          'Callers are Lambdas with changing IPs, so no IP allowlist: access is by IAM principal in the access policy and FGAC role mappings.',
      },
    );
    if (!zoneAwareness) {
      Validations.of(this.domain).acknowledge({
        id: 'AwsSolutions-OS7',
        reason:
          'Non-production domain on a single data node (production: false) to keep its cost down.',
      });
    }
    if (masterNodes === 0) {
      Validations.of(this.domain).acknowledge({
        id: 'AwsSolutions-OS4',
        reason:
          'Non-production domain without dedicated masters (production: false) to keep its cost down.',
      });
    }
  }

  /**
   * Lets a role in: an access policy entry with the HTTP methods of its access level, and (set
   * by the index bootstrap) an FGAC mapping to `fleet_reader` or `fleet_writer`. The role still
   * needs an identity policy for the same methods.
   */
  grantAccess(role: iam.IRole, access: FleetSearchAccess): void {
    this.access.push({ role, access });
    this.domain.addAccessPolicies(
      new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(role.roleArn)],
        actions: [...FLEET_SEARCH_HTTP_ACTIONS[access]],
        resources: [`${this.domain.domainArn}/*`],
      }),
    );
  }

  /** The role ARNs mapped to each FGAC role, as granted so far. */
  roleMappings(): Readonly<Record<FleetSearchAccess, string[]>> {
    const arns = (level: FleetSearchAccess) =>
      this.access.filter((entry) => entry.access === level).map((entry) => entry.role.roleArn);
    return { read: arns('read'), write: arns('write') };
  }
}
