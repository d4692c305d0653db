/** The roles of Fleet Manager, as Cognito groups. */
export const FLEET_ROLES = ['viewer', 'engineer', 'admin'] as const;
export type FleetRole = (typeof FLEET_ROLES)[number];

export interface DemoUser {
  /** The e-mail address the user signs in with. */
  readonly username: string;
  readonly group: FleetRole;
}

/** One demo user per role; all share the configured demo password. */
export const DEMO_USERS: readonly DemoUser[] = FLEET_ROLES.map((group) => ({
  username: `${group}@fleet.local`,
  group,
}));
