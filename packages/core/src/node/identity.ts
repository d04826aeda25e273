/**
 * Who is asking: what `plumb serve` knows of the caller of a request once it is authenticated. The
 * server computes what the caller may see from it (./scope.ts) and records it (the audit log, and
 * who changed a rating in a calibration session).
 */

/** Roles, widest first. `admin` is the administrator / HR role. */
export const ROLES = ['admin', 'facilitator', 'manager', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  /** The authenticated name: a JWT's `sub`, a token file's subject, a proxy's user header. */
  subject: string;
  role: Role;
  /** The person in `people` this identity is (resolved by the server from the subject when not given). */
  person_id?: string;
  /** A facilitator's calibration scope: this team and everything under it. */
  team_id?: string;
}

const ROLE_ALIASES: Record<string, Role> = {
  admin: 'admin',
  administrator: 'admin',
  hr: 'admin',
  facilitator: 'facilitator',
  manager: 'manager',
  employee: 'employee',
};

/** The role a claim or header names (case-insensitive; `hr` and `administrator` are `admin`), or null. */
export function parseRole(value: unknown): Role | null {
  if (Array.isArray(value)) {
    // Several roles (a groups claim): the widest one.
    const roles = value.map(parseRole).filter((r): r is Role => r !== null);
    return ROLES.find((r) => roles.includes(r)) ?? null;
  }
  return typeof value === 'string' ? (ROLE_ALIASES[value.trim().toLowerCase()] ?? null) : null;
}
