/**
 * Conditional roles' formulas (Misskey's condFormula): a tree of and/or/not over facts about a user.
 * A formula comes from a client, so it is rebuilt from a closed set of node types with bounded depth,
 * size and operand types before it is stored; evaluating a node of any other type answers false, as
 * Misskey's evalCond does.
 */
import { idTime, type RoleCondition, type UserCounts, type UserRecord } from '../store/index.js';
import { isLocal } from './notes.js';

/** Deepest nesting and most nodes a formula may have. */
export const MAX_CONDITION_DEPTH = 16;
export const MAX_CONDITION_NODES = 256;
/** Longest node id (Misskey's editor uses UUIDs). */
const MAX_NODE_ID = 64;

/** Facts with no operand. */
const FLAGS = new Set(['isLocal', 'isRemote', 'isSuspended', 'isLocked', 'isBot', 'isCat', 'isExplorable']);
/** Facts comparing an account's age with `sec` seconds. */
const AGES = new Set(['createdLessThan', 'createdMoreThan']);
/** Facts comparing a count with `value`. */
const COUNTS = new Set([
  'followersLessThanOrEq',
  'followersMoreThanOrEq',
  'followingLessThanOrEq',
  'followingMoreThanOrEq',
  'notesLessThanOrEq',
  'notesMoreThanOrEq',
]);

/** What a formula is evaluated over. */
export interface ConditionSubject {
  user: Pick<UserRecord, 'id' | 'host' | 'isLocked' | 'isBot' | 'isCat' | 'isExplorable'>;
  counts: Pick<UserCounts, 'followersCount' | 'followingCount' | 'notesCount'>;
  /** The manual roles assigned to the user now (for roleAssignedTo). */
  manualRoleIds: ReadonlySet<string>;
  /** Whether a moderator suspended the account. */
  isSuspended: boolean;
  now: number;
}

/** A formula rejected, with why. */
export class InvalidCondition extends Error {}

/** A clean copy of a client's formula, or InvalidCondition: unknown node types, wrong operands, too deep or too large. */
export function parseCondition(value: unknown): RoleCondition {
  let nodes = 0;
  const visit = (node: unknown, depth: number): RoleCondition => {
    if (++nodes > MAX_CONDITION_NODES) throw new InvalidCondition(`more than ${MAX_CONDITION_NODES} nodes`);
    if (depth > MAX_CONDITION_DEPTH) throw new InvalidCondition(`nested deeper than ${MAX_CONDITION_DEPTH}`);
    if (node === null || typeof node !== 'object' || Array.isArray(node))
      throw new InvalidCondition('expected an object node');
    const n = node as Record<string, unknown>;
    const id = Object.hasOwn(n, 'id') ? n.id : '';
    const type = n.type;
    if (typeof id !== 'string' || id.length > MAX_NODE_ID) throw new InvalidCondition('expected a short string id');
    if (typeof type !== 'string') throw new InvalidCondition('expected a string type');
    if (type === 'and' || type === 'or') {
      if (!Array.isArray(n.values)) throw new InvalidCondition(`expected values[] on ${type}`);
      return { id, type, values: n.values.map((v) => visit(v, depth + 1)) };
    }
    if (type === 'not') return { id, type, value: visit(n.value, depth + 1) };
    if (FLAGS.has(type)) return { id, type };
    if (AGES.has(type)) return { id, type, sec: count(n.sec, 'sec') };
    if (COUNTS.has(type)) return { id, type, value: count(n.value, 'value') };
    if (type === 'roleAssignedTo') {
      if (typeof n.roleId !== 'string' || !/^[a-zA-Z0-9]{1,64}$/.test(n.roleId))
        throw new InvalidCondition('expected a role id');
      return { id, type, roleId: n.roleId };
    }
    throw new InvalidCondition(`unknown condition type ${JSON.stringify(type.slice(0, 40))}`);
  };
  return visit(value, 1);
}

function count(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidCondition(`expected ${name} to be a non-negative integer`);
  return value;
}

/** The role ids a formula's roleAssignedTo nodes name. */
export function assignedRoleIdsIn(node: RoleCondition): string[] {
  if (node.type === 'roleAssignedTo') return [node.roleId as string];
  if (node.type === 'and' || node.type === 'or') return (node.values as RoleCondition[]).flatMap(assignedRoleIdsIn);
  if (node.type === 'not') return assignedRoleIdsIn(node.value as RoleCondition);
  return [];
}

/** Whether the formula holds for the subject (a node it does not know, or a malformed one, is false). */
export function evalCondition(node: RoleCondition, s: ConditionSubject): boolean {
  switch (node.type) {
    case 'and':
      return Array.isArray(node.values) && node.values.every((v) => evalCondition(v as RoleCondition, s));
    case 'or':
      return Array.isArray(node.values) && node.values.some((v) => evalCondition(v as RoleCondition, s));
    case 'not':
      return typeof node.value === 'object' && node.value !== null && !evalCondition(node.value as RoleCondition, s);
    case 'isLocal':
      return isLocal(s.user);
    case 'isRemote':
      return !isLocal(s.user);
    case 'isSuspended':
      return s.isSuspended;
    case 'isLocked':
    case 'isBot':
    case 'isCat':
    case 'isExplorable':
      return s.user[node.type];
    case 'roleAssignedTo':
      return s.manualRoleIds.has(node.roleId as string);
    case 'createdLessThan':
      return createdAt(s) > s.now - (node.sec as number) * 1000;
    case 'createdMoreThan':
      return createdAt(s) < s.now - (node.sec as number) * 1000;
    case 'followersLessThanOrEq':
      return s.counts.followersCount <= (node.value as number);
    case 'followersMoreThanOrEq':
      return s.counts.followersCount >= (node.value as number);
    case 'followingLessThanOrEq':
      return s.counts.followingCount <= (node.value as number);
    case 'followingMoreThanOrEq':
      return s.counts.followingCount >= (node.value as number);
    case 'notesLessThanOrEq':
      return s.counts.notesCount <= (node.value as number);
    case 'notesMoreThanOrEq':
      return s.counts.notesCount >= (node.value as number);
    default:
      return false;
  }
}

const createdAt = (s: ConditionSubject) => idTime(s.user.id);
