/**
 * The params of role writes: each policy's value typed by its default's kind (known names only; the
 * closed params drop others), and conditional formulas rebuilt by the domain's parser.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import type { RoleFields } from '../../actors/index.js';
import { DEFAULT_POLICIES, InvalidCondition, POLICY_NAMES, parseCondition } from '../../domain/index.js';
import type { RoleCondition } from '../../store/index.js';
import { ApiError, commonErrors } from '../errors.js';
import { Nullable } from './common.js';

/** A policy value of the same kind as its default, bounded. */
function policyValue(name: (typeof POLICY_NAMES)[number]): TSchema {
  const value = DEFAULT_POLICIES[name];
  if (typeof value === 'boolean') return Type.Boolean();
  if (typeof value === 'number') return Type.Number({ minimum: 0, maximum: 1e12 });
  if (Array.isArray(value)) return Type.Array(Type.String({ maxLength: 256 }), { maxItems: 64 });
  return Type.Union([Type.Literal('available'), Type.Literal('readonly'), Type.Literal('unavailable')]);
}

/** A role's policies: `{useDefault, priority, value}` per policy name. */
export const RolePoliciesParam = Type.Object(
  Object.fromEntries(
    POLICY_NAMES.map((name) => [
      name,
      Type.Optional(
        Type.Object({
          useDefault: Type.Boolean(),
          priority: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]),
          value: Type.Optional(policyValue(name)),
        }),
      ),
    ]),
  ),
);

/** The instance's base policies: a plain value per policy name. */
export const DefaultPoliciesParam = Type.Object(
  Object.fromEntries(POLICY_NAMES.map((name) => [name, Type.Optional(policyValue(name))])),
);

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

/** A role write's fields with the formula checked (a patch keeps the fields it leaves out). */
export function roleFieldsOf(params: Record<string, unknown>): Partial<RoleFields> {
  const { condFormula, ...rest } = params;
  return (
    condFormula === undefined ? rest : { ...rest, condFormula: checkedFormula(condFormula) }
  ) as Partial<RoleFields>;
}
