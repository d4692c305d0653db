import { runInNewContext } from 'node:vm';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CONSOLE_PATH_REWRITE, ConsoleHosting, type ConsoleHostingProps } from '../../src';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';

function hostingStack(props: Partial<Omit<ConsoleHostingProps, 'accessLogs'>> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Console', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs');
  const hosting = new ConsoleHosting(stack, 'Console', {
    accessLogs,
    production: false,
    ...props,
  });
  return { stack, hosting, template: Template.fromStack(stack) };
}

describe('ConsoleHosting', () => {
  const { template, stack, hosting } = hostingStack();

  it('keeps the console bucket private, SSL-only, encrypted, versioned and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { LogFilePrefix: 'console/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ConsoleBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ConsoleBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }),
              },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          Match.objectLike({
            OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      },
    });
  });

  it('serves HTTPS only with security headers, a 404 page, and request logs', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        HttpVersion: 'http2and3',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          // The managed SecurityHeadersPolicy.
          ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        CustomErrorResponses: [
          Match.objectLike({ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html' }),
          Match.objectLike({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html' }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      },
    });
    // CloudFront writes standard logs with ACLs.
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
      LoggingConfiguration: { LogFilePrefix: 'console-request-logs/' },
    });
  });

  it("exposes the distribution's https origin for the API's CORS list", () => {
    const distribution = stack.getLogicalId(
      hosting.distribution.node.defaultChild as cloudfront.CfnDistribution,
    );
    expect(stack.resolve(hosting.origin)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
    });
  });

  it('uses a custom domain with its certificate and TLS 1.2, and a web ACL when given', () => {
    const custom = hostingStack({
      domainName: 'fleet.example.com',
      certificate: acm.Certificate.fromCertificateArn(new Stack(), 'Cert', CERTIFICATE),
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/fleet/1',
      production: true,
    });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['fleet.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/fleet/1',
      },
    });
    expect(custom.hosting.origin).toBe('https://fleet.example.com');
    custom.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
    });
  });

  it('throws on a domain without a certificate, a certificate without a domain, or a bad name', () => {
    const certificate = acm.Certificate.fromCertificateArn(new Stack(), 'Cert', CERTIFICATE);
    expect(() => hostingStack({ domainName: 'fleet.example.com' })).toThrow(/go together/);
    expect(() => hostingStack({ certificate })).toThrow(/go together/);
    expect(() => hostingStack({ domainName: 'https://fleet.example.com', certificate })).toThrow(
      /not a lower-case DNS name/,
    );
    expect(() => hostingStack({ logRetentionDays: 0 })).toThrow(/logRetentionDays/);
  });
});

describe('CONSOLE_PATH_REWRITE (the CloudFront function)', () => {
  type Handler = (event: { request: { uri: string } }) => { uri: string };
  const handler = runInNewContext(`${CONSOLE_PATH_REWRITE}; handler`) as Handler;
  const rewrite = (uri: string) => handler({ request: { uri } }).uri;

  it.each([
    ['/', '/index.html'],
    ['/vehicles/', '/vehicles/index.html'],
    ['/vehicles', '/vehicles/index.html'],
    ['/jobs/detail', '/jobs/detail/index.html'],
    ['/_next/static/chunks/main-abc.js', '/_next/static/chunks/main-abc.js'],
    ['/favicon.ico', '/favicon.ico'],
    ['/v1.2/notes', '/v1.2/notes/index.html'],
  ])('maps %s to %s', (uri, expected) => {
    expect(rewrite(uri)).toBe(expected);
  });
});
