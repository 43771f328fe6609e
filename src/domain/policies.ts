/**
 * Role policies: what a user may do and how much, as Misskey's roles define them. The base values
 * (Misskey's defaults, overlaid by the instance's) apply to everyone; each role may set its own, and
 * a user's effective value combines those of their roles by priority and the policy's rule.
 */

/** Misskey's default policies, as Flock reports them (features Flock lacks keep Misskey's "off" values). */
export const DEFAULT_POLICIES = {
  gtlAvailable: true,
  ltlAvailable: true,
  canPublicNote: true,
  mentionLimit: 20,
  canInvite: false,
  inviteLimit: 0,
  inviteLimitCycle: 10080,
  inviteExpirationTime: 0,
  canManageCustomEmojis: false,
  canManageAvatarDecorations: false,
  canSearchNotes: false,
  canSearchUsers: true,
  canUseTranslator: false,
  canHideAds: false,
  driveCapacityMb: 100,
  maxFileSizeMb: 30,
  alwaysMarkNsfw: false,
  canUpdateBioMedia: true,
  pinLimit: 5,
  antennaLimit: 5,
  wordMuteLimit: 200,
  webhookLimit: 3,
  clipLimit: 10,
  noteEachClipsLimit: 200,
  userListLimit: 10,
  userEachUserListsLimit: 50,
  rateLimitFactor: 1,
  avatarDecorationLimit: 1,
  canImportAntennas: false,
  canImportBlocking: false,
  canImportFollowing: false,
  canImportMuting: false,
  canImportUserLists: false,
  chatAvailability: 'unavailable' as ChatAvailability,
  uploadableFileTypes: ['text/plain', 'application/json', 'image/*', 'video/*', 'audio/*'],
  noteDraftLimit: 10,
};

export type ChatAvailability = 'available' | 'readonly' | 'unavailable';
export type RolePolicies = typeof DEFAULT_POLICIES;
export type PolicyName = keyof RolePolicies;

/** The policy names, in Misskey's order. */
export const POLICY_NAMES = Object.keys(DEFAULT_POLICIES) as PolicyName[];

/** How a role sets one policy: its own value, or the base one (`useDefault`); higher priorities override lower ones. */
export interface RolePolicy<V = unknown> {
  useDefault: boolean;
  priority: 0 | 1 | 2;
  value: V;
}

/** A role's policies by name (a name absent is `{useDefault: true, priority: 0}`). */
export type RolePolicyMap = Partial<{ [K in PolicyName]: RolePolicy<RolePolicies[K]> }>;

/** The base policies with the instance's values over Misskey's defaults (only known names with values of the right type are taken). */
export function basePolicies(...overlays: Partial<RolePolicies>[]): RolePolicies {
  const base = { ...DEFAULT_POLICIES, uploadableFileTypes: [...DEFAULT_POLICIES.uploadableFileTypes] };
  for (const overlay of overlays)
    for (const name of POLICY_NAMES) {
      const value = overlay[name];
      if (value !== undefined && sameKind(DEFAULT_POLICIES[name], value))
        (base as Record<string, unknown>)[name] = value;
    }
  return base;
}

function sameKind(a: unknown, b: unknown): boolean {
  return Array.isArray(a) ? Array.isArray(b) : typeof a === typeof b;
}

const CHAT_ORDER: ChatAvailability[] = ['unavailable', 'readonly', 'available'];

/** Misskey's rule for combining several roles' values of one policy. */
function combine(name: PolicyName, values: unknown[]): unknown {
  const first = DEFAULT_POLICIES[name];
  if (typeof first === 'boolean') return values.some((v) => v === true);
  if (typeof first === 'number') return Math.max(...(values as number[]));
  if (Array.isArray(first)) {
    const union = new Set<string>();
    for (const list of values as string[][]) for (const type of list) if (type.trim() !== '') union.add(type.trim());
    return [...union];
  }
  // chatAvailability: the most permissive wins
  return CHAT_ORDER[Math.max(...values.map((v) => CHAT_ORDER.indexOf(v as ChatAvailability)))];
}

/**
 * A user's effective policies: for each policy, only the entries of the highest priority any of their
 * roles gives it count, an entry with useDefault counting as the base value; those are combined by the
 * policy's rule (reference §2.2). No roles: the base itself.
 */
export function effectivePolicies(base: RolePolicies, roles: readonly { policies: RolePolicyMap }[]): RolePolicies {
  if (roles.length === 0) return base;
  const out: Record<string, unknown> = {};
  for (const name of POLICY_NAMES) {
    const entries = roles.map((role) => role.policies[name] ?? { useDefault: true, priority: 0, value: undefined });
    const top = Math.max(...entries.map((e) => e.priority));
    const values = entries
      .filter((e) => e.priority === top)
      .map((e) => (e.useDefault || !sameKind(base[name], e.value) ? base[name] : e.value));
    out[name] = combine(name, values);
  }
  return out as RolePolicies;
}

/** Policies rejected, with why. */
export class InvalidPolicies extends Error {}

const MAX_POLICY_NUMBER = 1e12;
const MAX_FILE_TYPES = 64;
const MAX_FILE_TYPE_LENGTH = 256;

/** A client's value for policy `name` checked against its default's kind, or InvalidPolicies. */
function policyValue(name: PolicyName, value: unknown): unknown {
  const kind = DEFAULT_POLICIES[name];
  if (typeof kind === 'boolean' && typeof value === 'boolean') return value;
  if (typeof kind === 'number' && typeof value === 'number' && value >= 0 && value <= MAX_POLICY_NUMBER) return value;
  if (
    Array.isArray(kind) &&
    Array.isArray(value) &&
    value.length <= MAX_FILE_TYPES &&
    value.every((v) => typeof v === 'string' && v.length <= MAX_FILE_TYPE_LENGTH)
  )
    return [...value];
  if (typeof kind === 'string' && CHAT_ORDER.includes(value as ChatAvailability)) return value;
  throw new InvalidPolicies(`unexpected value for ${name}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A clean copy of a role's policies from a client: known names only, each `{useDefault, priority, value}` of the right kinds. */
export function parseRolePolicies(value: unknown): RolePolicyMap {
  if (!isObject(value)) throw new InvalidPolicies('expected an object');
  const out: Record<string, RolePolicy> = {};
  for (const name of POLICY_NAMES) {
    if (!Object.hasOwn(value, name)) continue;
    const entry = value[name];
    if (!isObject(entry)) throw new InvalidPolicies(`expected an object for ${name}`);
    const { useDefault, priority } = entry;
    if (typeof useDefault !== 'boolean') throw new InvalidPolicies(`expected ${name}.useDefault to be a boolean`);
    if (priority !== 0 && priority !== 1 && priority !== 2)
      throw new InvalidPolicies(`expected ${name}.priority to be 0, 1 or 2`);
    const given = Object.hasOwn(entry, 'value') && entry.value !== undefined && entry.value !== null;
    out[name] = { useDefault, priority, value: given ? policyValue(name, entry.value) : DEFAULT_POLICIES[name] };
  }
  return out as RolePolicyMap;
}

/** A clean copy of base policy values from a client: known names only, each of its default's kind. */
export function parsePolicyValues(value: unknown): Partial<RolePolicies> {
  if (!isObject(value)) throw new InvalidPolicies('expected an object');
  const out: Record<string, unknown> = {};
  for (const name of POLICY_NAMES) if (Object.hasOwn(value, name)) out[name] = policyValue(name, value[name]);
  return out as Partial<RolePolicies>;
}
