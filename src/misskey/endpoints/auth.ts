/** signup, signin (the seed's shape), signin-flow (Misskey's), i/revoke-token. */
import { Type } from '@sinclair/typebox';
import { hashPassword, needsRehash, newNativeToken, verifyPassword } from '../../domain/index.js';
import { tokenKey, type UserRecord } from '../../store/index.js';
import type { CallContext } from '../endpoint.js';
import { endpoint } from '../endpoint.js';
import { ApiError, flockErrors, signinErrors } from '../errors.js';
import { meDetailed } from '../render/user.js';
import { Params } from './common.js';

const Username = Type.String({ pattern: '^\\w{1,20}$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });

const SIGNIN_LIMIT = { duration: 3_600_000, max: 10, minInterval: 1000 };
/** Sign-up and sign-in attempts are also counted per account name, whichever addresses they come from. */
const byUsername = {
  target: (p: { username: string }) => p.username.trim().toLowerCase(),
  perAccount: { duration: 3_600_000, max: 10 },
};

/** Checks username and password; returns the user or throws Misskey's signin error. */
async function checkCredentials(ctx: CallContext, username: string, password: string): Promise<UserRecord> {
  const userId = ctx.store.accounts.idOf(username.trim().toLowerCase(), null);
  const user = userId === undefined ? undefined : ctx.store.users.get(userId);
  const accounts = ctx.queries.caches.accounts;
  // a deleted account's username stays taken, but nobody signs in to it
  if (user === undefined || accounts.isDeleted(user.id)) throw new ApiError(flockErrors.signinNoSuchUser);
  const hash = ctx.store.accounts.passwordHash(user.id);
  if (hash === undefined || !(await verifyPassword(password, hash)))
    throw new ApiError(flockErrors.signinIncorrectPassword);
  if (accounts.isSuspended(user.id)) throw new ApiError(flockErrors.signinSuspended);
  const cost = ctx.config.passwordHashCost;
  if (needsRehash(hash, cost)) {
    const passwordHash = await hashPassword(password, cost);
    await ctx.call({ op: 'user.rehashPassword', args: { userId: user.id, previousHash: hash, passwordHash } }, user.id);
  }
  return user;
}

async function issueToken(ctx: CallContext<'noSuchUser'>, user: UserRecord): Promise<string> {
  const token = newNativeToken();
  await ctx.call({ op: 'user.issueToken', args: { userId: user.id, tokenKey: tokenKey(token) } }, user.id);
  return token;
}

/** Whether sign-up refuses a username: preservedUsernames lists it, or it has a word prohibitedWordsForNameOfUser lists. */
function isRefusedUsername(ctx: CallContext, username: string): boolean {
  const rules = ctx.queries.caches.instance.rules();
  return rules.isPreservedUsername(username) || rules.hasProhibitedNameWords(username);
}

export const signup = endpoint({
  name: 'signup',
  description: 'Creates a local account; answers MeDetailed plus `token` (a 16-char native token).',
  requireCredential: false,
  limit: { duration: 3_600_000, max: 30 },
  preAuth: byUsername,
  params: Params({
    username: Username,
    password: Password,
    host: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    invitationCode: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    emailAddress: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  res: Type.Object({ id: Type.String(), username: Type.String(), token: Type.String() }),
  errors: { usernameTaken: flockErrors.usernameTaken, invalidInvitationCode: flockErrors.invalidInvitationCode },
  async handler(p, ctx) {
    // while registration is closed (disableRegistration), only an invitation code opens it, once; the
    // instance's first account (its administrator) needs none, or nobody could ever sign up
    const closed = ctx.queries.caches.instance.settings().disableRegistration && ctx.store.users.hasAny();
    const invitationCode = closed ? (p.invitationCode ?? undefined) : undefined;
    if (closed && invitationCode === undefined) throw new ApiError(flockErrors.registrationClosed);
    if (isRefusedUsername(ctx, p.username)) throw new ApiError(flockErrors.usernameTaken);
    const token = newNativeToken();
    const passwordHash = await hashPassword(p.password, ctx.config.passwordHashCost);
    const args = {
      username: p.username,
      passwordHash,
      tokenKey: tokenKey(token),
      ...(invitationCode === undefined ? {} : { invitationCode }),
    };
    const { userId } = await ctx.call({ op: 'user.signup', args }, p.username.toLowerCase());
    return { ...meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.roles.of(userId)), token };
  },
});

export const signin = endpoint({
  name: 'signin',
  description: "Password sign-in in the seed API's shape: `{token, user}`.",
  requireCredential: false,
  limit: SIGNIN_LIMIT,
  preAuth: byUsername,
  limitError: signinErrors.tooManyAuthenticationFailures,
  errors: { noSuchUser: flockErrors.signinNoSuchUser },
  params: Params({ username: Type.String({ minLength: 1, maxLength: 128 }), password: Password }),
  res: Type.Object({ token: Type.String(), user: Type.Object({ id: Type.String(), username: Type.String() }) }),
  async handler(p, ctx) {
    const user = await checkCredentials(ctx, p.username, p.password);
    const token = await issueToken(ctx, user);
    const lite = JSON.parse(user.lite) as Record<string, unknown>;
    return { token, user: { ...lite, displayName: user.name } };
  },
});

export const signinFlow = endpoint({
  name: 'signin-flow',
  description:
    'Misskey\'s multi-step sign-in: `{username}` → `{finished:false, next:"password"}`; `{username, password}` → `{finished:true, id, i}`.',
  requireCredential: false,
  limit: SIGNIN_LIMIT,
  preAuth: byUsername,
  limitError: signinErrors.tooManyAuthenticationFailures,
  errors: { noSuchUser: flockErrors.signinNoSuchUser },
  params: Params({
    username: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.Optional(Password),
    token: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  res: Type.Object({
    finished: Type.Boolean(),
    next: Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
    i: Type.Optional(Type.String()),
  }),
  async handler(p, ctx) {
    if (p.password === undefined) {
      if (ctx.store.accounts.idOf(p.username.trim().toLowerCase(), null) === undefined)
        throw new ApiError(flockErrors.signinNoSuchUser);
      return { finished: false, next: 'password' };
    }
    const user = await checkCredentials(ctx, p.username, p.password);
    return { finished: true, id: user.id, i: await issueToken(ctx, user) };
  },
});

export const revokeToken = endpoint({
  name: 'i/revoke-token',
  description:
    'Revokes a token of yours: `token` if given, else the one making the call; `all: true` revokes every token.',
  requireCredential: true,
  kind: 'write:account',
  secure: true,
  params: Params({
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    all: Type.Boolean({ default: false }),
  }),
  async handler(p, ctx) {
    const key = p.all ? null : p.token !== undefined ? tokenKey(p.token) : ctx.tokenKey!;
    await ctx.call({ op: 'user.revokeToken', args: { userId: ctx.user!.id, tokenKey: key } }, ctx.user!.id);
    return null;
  },
});
