import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FleetAuth } from '../../src';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
function template(props: ConstructorParameters<typeof FleetAuth>[2]) {
  const stack = new Stack(new App(), 'Auth', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new FleetAuth(stack, 'Auth', props);
  return Template.fromStack(stack);
}

describe('FleetAuth', () => {
  const required = template({ mfa: 'REQUIRED', production: true });

  it('signs invited users in by email with a strong password and TOTP', () => {
    required.resourceCountIs('AWS::Cognito::UserPool', 1);
    required.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('makes MFA optional only when asked', () => {
    template({ mfa: 'OPTIONAL', production: false }).hasResourceProperties(
      'AWS::Cognito::UserPool',
      { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] },
    );
  });

  it('enforces threat protection on the Plus plan in production, and keeps the pool', () => {
    required.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    required.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('outside production, leaves the paid plan off unless asked and lets the pool go', () => {
    const dev = template({ mfa: 'REQUIRED', production: false });
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
    dev.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    template({ mfa: 'REQUIRED', production: false, threatProtection: true }).hasResourceProperties(
      'AWS::Cognito::UserPool',
      { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } },
    );
  });

  it('creates the viewer, engineer and admin groups', () => {
    required.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
    for (const name of ['viewer', 'engineer', 'admin']) {
      required.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: name,
        UserPoolId: { Ref: Match.stringLikeRegexp('^AuthUserPool') },
      });
    }
  });

  it('gives the console a secret-less SRP client with 1 h ID tokens and 30-day refresh', () => {
    required.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    required.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    });
  });
});
