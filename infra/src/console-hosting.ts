import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DNS_NAME_PATTERN } from './web-names';

export interface ConsoleHostingProps {
  /** Where the console bucket's and the CloudFront log bucket's S3 access logs go. */
  readonly accessLogs: s3.IBucket;
  /**
   * A custom domain for the console (`fleet.example.com`). Needs `certificate`. Without one the
   * console is served on the distribution's `*.cloudfront.net` name.
   *
   * @default - the CloudFront domain
   */
  readonly domainName?: string;
  /** An ACM certificate in us-east-1 covering `domainName`; only with `domainName`. */
  readonly certificate?: acm.ICertificate;
  /**
   * A WAFv2 web ACL with scope CLOUDFRONT (created in us-east-1). WAF is billed per ACL, rule
   * and request; the console is static files, so it is opt-in.
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;
  /** Production keeps the console and log buckets when the stack is deleted. */
  readonly production: boolean;
  /** Days CloudFront access logs are kept. @default 90 */
  readonly logRetentionDays?: number;
  /** @default PRICE_CLASS_100 (North America and Europe edge locations) */
  readonly priceClass?: cloudfront.PriceClass;
}

/**
 * Maps a viewer path to the object a static Next.js export (`output: 'export'`,
 * `trailingSlash: true`) writes: `/jobs` and `/jobs/` are `/jobs/index.html`; paths with a file
 * extension are left alone. Kept as source text because it runs in CloudFront Functions (JS 2.0).
 */
export const CONSOLE_PATH_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * Static hosting for the console: a private, encrypted S3 bucket that only CloudFront reads
 * (origin access control), behind a distribution that serves HTTPS only (HTTP redirects), adds
 * security headers, and logs every request. The console issue fills the bucket.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The console's URL and origin (`https://` plus its domain), for the API's CORS list. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    if ((props.domainName === undefined) !== (props.certificate === undefined)) {
      throw new Error('domainName and certificate go together: set both or neither');
    }
    if (props.domainName !== undefined && !Token.isUnresolved(props.domainName)) {
      if (!DNS_NAME_PATTERN.test(props.domainName)) {
        throw new Error(`domainName: ${props.domainName} is not a lower-case DNS name`);
      }
    }
    const logRetentionDays = props.logRetentionDays ?? 90;
    if (!Number.isInteger(logRetentionDays) || logRetentionDays < 1) {
      throw new Error('logRetentionDays must be a positive integer');
    }
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
      // A bad console build can be rolled back object by object.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    // CloudFront standard logs are written with ACLs, so this bucket needs object-writer ownership.
    const requestLogs = new s3.Bucket(this, 'RequestLogs', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console-request-logs/',
      lifecycleRules: [{ expiration: Duration.days(logRetentionDays) }],
      removalPolicy,
    });

    const pathRewrite = new cloudfront.Function(this, 'PathRewrite', {
      code: cloudfront.FunctionCode.fromInline(CONSOLE_PATH_REWRITE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Serves /path/index.html for console routes',
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Fleet Manager console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
        functionAssociations: [
          { function: pathRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      // A missing page is a 404 page, not S3's XML AccessDenied.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: '/404.html',
        ttl: Duration.minutes(1),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.domainName && props.certificate
        ? {
            domainNames: [props.domainName],
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: requestLogs,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    this.origin = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Fleet managers and engineers sign in from wherever the fleet operates; the console is static files and every API call needs a Cognito token.',
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL in this deployment (webAclArn unset): the distribution serves static console files only; data is behind the Cognito-protected, throttled API.',
      });
    }
    if (!props.domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be raised; set domainName and certificate for TLS 1.2 (TLSv1.2_2021).',
      });
    }
  }
}
