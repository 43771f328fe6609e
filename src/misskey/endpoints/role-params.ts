/**
 * The params of role writes. Policies and conditional formulas are open-ended JSON, checked and
 * rebuilt by the domain's parsers (closed names and node types, bounded), not by the schema.
 */
import { Type } from '@sinclair/typebox';
import type { RoleFields } from '../../actors/index.js';
import { InvalidCondition, InvalidPolicies, parseCondition, parseRolePolicies } from '../../domain/index.js';
import type { RoleCondition } from '../../store/index.js';
import { ApiError, commonErrors } from '../errors.js';
import { Nullable } from './common.js';

/** Policies are checked by the domain (known names, values of their defaults' kinds); passed through here as is. */
export const RolePoliciesParam = Type.Unknown({
  description: 'A role’s policies: {useDefault, priority (0–2), value} by policy name (Misskey RolePolicies).',
});

/** The instance's base policies: a plain value per policy name, checked by the domain. */
export const DefaultPoliciesParam = Type.Unknown({ description: 'Base policy values by policy name.' });

/** A formula is checked by the domain (closed node types, bounded size); passed through here as is. */
const CondFormula = Type.Unknown({ description: 'A conditional role formula (Misskey condFormula).' });

/** The fields admin/roles/create requires, and admin/roles/update may change. */
export const roleFieldParams = {
  name: Type.String({ minLength: 1, maxLength: 256 }),
  description: Type.String({ maxLength: 2048 }),
  color: Nullable(Type.String({ maxLength: 256 })),
  iconUrl: Nullable(Type.String({ maxLength: 1024 })),
  target: Type.Union([Type.Literal('manual'), Type.Literal('conditional')]),
  condFormula: CondFormula,
  isPublic: Type.Boolean(),
  isModerator: Type.Boolean(),
  isAdministrator: Type.Boolean(),
  asBadge: Type.Boolean(),
  canEditMembersByModerator: Type.Boolean(),
  displayOrder: Type.Integer({ minimum: -1e9, maximum: 1e9 }),
  policies: RolePoliciesParam,
};

/** The formula as stored, or INVALID_PARAM saying what is wrong with it. */
export function checkedFormula(value: unknown): RoleCondition {
  try {
    return parseCondition(value);
  } catch (err) {
    if (err instanceof InvalidCondition)
      throw new ApiError(commonErrors.invalidParam, { param: '#/condFormula', reason: err.message });
    throw err;
  }
}

/** The policies as stored, or INVALID_PARAM saying what is wrong with them. */
export function checkedPolicies<T>(param: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidPolicies) throw new ApiError(commonErrors.invalidParam, { param, reason: err.message });
    throw err;
  }
}

/** A role write's fields with the formula and policies checked (a patch keeps the fields it leaves out). */
export function roleFieldsOf(params: Record<string, unknown>): Partial<RoleFields> {
  const { condFormula, policies, ...rest } = params;
  const fields: Record<string, unknown> = rest;
  if (condFormula !== undefined) fields.condFormula = checkedFormula(condFormula);
  if (policies !== undefined) fields.policies = checkedPolicies('#/policies', () => parseRolePolicies(policies));
  return fields as Partial<RoleFields>;
}
