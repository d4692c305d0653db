import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The console's roles, as the API reads them from `cognito:groups`; the lowest precedence wins. */
export const FLEET_GROUPS = [
  { name: 'admin', precedence: 0, description: 'Everything, including fleet settings' },
  { name: 'engineer', precedence: 10, description: 'Read the fleet and run OTA jobs' },
  { name: 'viewer', precedence: 20, description: 'Read the fleet' },
] as const;

export type FleetGroupName = (typeof FLEET_GROUPS)[number]['name'];

export interface FleetAuthProps {
  /** `REQUIRED`: every user enrols a TOTP app at first sign-in; `OPTIONAL`: users may. */
  readonly mfa: 'OPTIONAL' | 'REQUIRED';
  /** Production keeps the user pool when the stack is deleted. */
  readonly production: boolean;
  /**
   * Cognito's Plus feature plan with threat protection enforced (blocks risky sign-ins and
   * compromised passwords). It is billed per monthly active user.
   *
   * @default - the value of `production`
   */
  readonly threatProtection?: boolean;
}

/**
 * Who may use the console: a Cognito user pool of invited users (no self sign-up) signing in
 * by email with a strong password and TOTP, the `viewer`/`engineer`/`admin` groups the API
 * authorises by, and the console's public (secret-less) SRP app client.
 */
export class FleetAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly groups: Readonly<Record<FleetGroupName, cognito.CfnUserPoolGroup>>;

  constructor(scope: Construct, id: string, props: FleetAuthProps) {
    super(scope, id);
    const threatProtection = props.threatProtection ?? props.production;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      selfSignUpEnabled: false,
      passwordPolicy: {
        minLength: 12,
        requireUppercase: true,
        requireLowercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'REQUIRED' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      // TOTP only: SMS costs per message and is the weaker factor.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const groups = {} as Record<FleetGroupName, cognito.CfnUserPoolGroup>;
    for (const group of FLEET_GROUPS) {
      groups[group.name] = new cognito.CfnUserPoolGroup(this, `${group.name}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        description: group.description,
        precedence: group.precedence,
      });
    }
    this.groups = groups;

    // A browser app cannot keep a secret; it signs in with SRP so the password never leaves it.
    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: false, adminUserPassword: false, custom: false },
      disableOAuth: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    if (props.mfa === 'OPTIONAL') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional in this deployment by explicit choice (mfa: OPTIONAL); TOTP is still offered to every user.',
      });
    }
    if (!threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Plus-tier threat protection is billed per active user and is turned off for this non-production deployment (threatProtection: false).',
      });
    }
  }
}
