import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { parseRole, type Identity, type Role } from './identity.js';

/**
 * How `plumb serve` learns who is asking. Several may be given (people with JWTs from the
 * organisation's issuer, services with API tokens); every request must match one.
 */
export type AuthConfig =
  /** One bearer token for the person who started the server (made at random when not given); role admin. */
  | { kind: 'token'; token?: string }
  /** Static API tokens, stored as SHA-256 hashes: `sha256:<hex> <subject> <role> [person_id] [team_id]` per line. */
  | { kind: 'tokens-file'; path: string }
  /** OIDC / JWT bearer tokens verified against the issuer's JWKS (a URL, or a file holding the key set). */
  | {
      kind: 'jwt';
      jwks: string;
      issuer: string;
      audience: string;
      /** Claim naming the role (default `role`; a list takes its widest role). Without it: employee. */
      roleClaim?: string;
      /** Claim naming the person's id in `people` (default `person_id`; else the server looks `sub`/`email` up). */
      personClaim?: string;
      /** Claim naming a facilitator's team (default `team_id`). */
      teamClaim?: string;
    }
  /** An identity header set by a reverse proxy that authenticated the user; believed only from `addresses`. */
  | { kind: 'proxy'; addresses: string[]; header: string; roleHeader?: string };

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export interface Authenticator {
  /** Authenticated caller of `req`, or an AuthError (401: no or bad credentials). */
  authenticate(req: IncomingMessage): Promise<Identity>;
  /** The generated token, printed once at start (when the `token` kind made one). */
  generatedToken?: string;
  /** One line for the start-up message, e.g. "JWT from https://idp.example". */
  describe: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

interface TokenEntry {
  hash: Buffer;
  identity: Identity;
}

/** Compare against every entry, each in constant time, with no early exit: the time says nothing of which (or whether one) matched. */
function matchToken(entries: readonly TokenEntry[], presented: string): Identity | null {
  const hash = sha256(presented);
  let found: Identity | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.hash, hash) && !found) found = entry.identity;
  }
  return found;
}

/** Parse a tokens file; errors name the file and line. */
export function readTokensFile(path: string): TokenEntry[] {
  const text = readFileSync(path, 'utf8');
  const entries: TokenEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [hash, subject, roleText, person_id, team_id, ...rest] = line.split(/\s+/);
    const where = `${path}:${i + 1}`;
    const match = /^sha256:([0-9a-f]{64})$/i.exec(hash ?? '');
    if (!match) throw new Error(`${where}: the first field must be sha256:<64 hex digits> (the SHA-256 of the token, never the token itself)`);
    const role = parseRole(roleText);
    if (!subject || !role) throw new Error(`${where}: expected "sha256:<hex> <subject> <role> [person_id] [team_id]" with role admin, facilitator, manager or employee`);
    if (rest.length) throw new Error(`${where}: unexpected text after the team id: ${rest.join(' ')}`);
    const identity: Identity = { subject, role };
    if (person_id && person_id !== '-') identity.person_id = person_id;
    if (team_id && team_id !== '-') identity.team_id = team_id;
    entries.push({ hash: Buffer.from(match[1]!, 'hex'), identity });
  });
  if (entries.length === 0) throw new Error(`${path}: no token lines`);
  return entries;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Loopback and IPv4-mapped forms compare equal to what a proxy list names. */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

interface JwtVerifier {
  verify(token: string): Promise<Identity>;
  describe: string;
}

async function jwtVerifier(config: Extract<AuthConfig, { kind: 'jwt' }>): Promise<JwtVerifier> {
  // Loaded only on the server: a browser install of core never pulls jose.
  const jose = await import('jose');
  const keySet = /^https?:\/\//.test(config.jwks)
    ? jose.createRemoteJWKSet(new URL(config.jwks))
    : jose.createLocalJWKSet(JSON.parse(readFileSync(config.jwks, 'utf8')) as Parameters<typeof jose.createLocalJWKSet>[0]);
  const roleClaim = config.roleClaim ?? 'role';
  const personClaim = config.personClaim ?? 'person_id';
  const teamClaim = config.teamClaim ?? 'team_id';
  return {
    describe: `JWT from ${config.issuer} for ${config.audience}`,
    async verify(token) {
      const { payload } = await jose.jwtVerify(token, keySet, { issuer: config.issuer, audience: config.audience });
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('the token has no subject (sub)');
      const identity: Identity = { subject: payload.sub, role: parseRole(payload[roleClaim]) ?? 'employee' };
      const person = payload[personClaim] ?? payload.email;
      if (typeof person === 'string' && person) identity.person_id = person;
      const team = payload[teamClaim];
      if (typeof team === 'string' && team) identity.team_id = team;
      return identity;
    },
  };
}

/** The authenticator for `configs` (at least one: authentication is not optional beyond `--no-auth` on loopback). */
export async function createAuthenticator(configs: readonly AuthConfig[]): Promise<Authenticator> {
  if (configs.length === 0) throw new Error('createAuthenticator: no authentication configured');
  const tokens: TokenEntry[] = [];
  const verifiers: JwtVerifier[] = [];
  const proxies: Extract<AuthConfig, { kind: 'proxy' }>[] = [];
  const described: string[] = [];
  let generatedToken: string | undefined;
  for (const config of configs) {
    if (config.kind === 'token') {
      const token = config.token ?? randomBytes(32).toString('base64url');
      if (!config.token) generatedToken = token;
      tokens.push({ hash: sha256(token), identity: { subject: 'server-token', role: 'admin' } });
      described.push(config.token ? 'a given token' : 'a token made at start');
    } else if (config.kind === 'tokens-file') {
      const entries = readTokensFile(config.path);
      tokens.push(...entries);
      described.push(`${entries.length} API token(s) from ${config.path}`);
    } else if (config.kind === 'jwt') {
      const verifier = await jwtVerifier(config);
      verifiers.push(verifier);
      described.push(verifier.describe);
    } else {
      if (config.addresses.length === 0) throw new Error('a proxy identity header needs the proxy addresses it may come from');
      proxies.push({ ...config, header: config.header.toLowerCase(), roleHeader: config.roleHeader?.toLowerCase() });
      described.push(`the ${config.header} header from ${config.addresses.join(', ')}`);
    }
  }
  const proxyAddresses = new Set(proxies.flatMap((p) => p.addresses.map(normaliseAddress)));

  async function authenticate(req: IncomingMessage): Promise<Identity> {
    const from = normaliseAddress(req.socket.remoteAddress);
    if (proxyAddresses.has(from)) {
      for (const proxy of proxies) {
        if (!proxy.addresses.map(normaliseAddress).includes(from)) continue;
        const raw = req.headers[proxy.header];
        const subject = (Array.isArray(raw) ? raw[0] : raw)?.trim();
        if (!subject) continue;
        const roleRaw = proxy.roleHeader ? req.headers[proxy.roleHeader] : undefined;
        const role: Role = parseRole(Array.isArray(roleRaw) ? roleRaw[0] : roleRaw) ?? 'employee';
        return { subject, role };
      }
    }
    const token = bearer(req);
    if (!token) throw new AuthError(401, 'authentication required');
    const known = matchToken(tokens, token);
    if (known) return { ...known };
    // A JWT has three dot-separated parts; anything else cannot be one (and is not worth a verify).
    if (verifiers.length && token.split('.').length === 3) {
      const reasons: string[] = [];
      for (const verifier of verifiers) {
        try {
          return await verifier.verify(token);
        } catch (error) {
          reasons.push((error as Error).message);
        }
      }
      throw new AuthError(401, `invalid token (${reasons.join('; ')})`);
    }
    throw new AuthError(401, 'invalid token');
  }

  return { authenticate, describe: described.join(', '), ...(generatedToken ? { generatedToken } : {}) };
}

/** `sha256:<hex>` of `token`, the form a tokens file stores. */
export function tokenHash(token: string): string {
  return `sha256:${sha256(token).toString('hex')}`;
}
