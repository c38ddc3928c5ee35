/**
 * The product's roles, lowest first. A person holds their role and every role below it: a team lead may
 * approve what an agent may approve. Roles a tenant invents outside the ladder imply only themselves.
 */
export const ROLE_LADDER = ['agent', 'specialist', 'team-lead', 'admin'] as const;

/** Every role `role` stands for, itself first, then downwards on the ladder. */
export function rolesImpliedBy(role: string | undefined): string[] {
  if (role === undefined) return [];
  const rank = (ROLE_LADDER as readonly string[]).indexOf(role);
  if (rank < 0) return [role];
  return ROLE_LADDER.slice(0, rank + 1).reverse();
}

/**
 * The role a person acts in for an action that needs one of `required`: the first of `required` they
 * hold (directly or through the ladder), or undefined when they hold none.
 */
export function actingRole(held: readonly string[], required: readonly string[]): string | undefined {
  const implied = new Set(held.flatMap((r) => rolesImpliedBy(r)));
  return required.find((r) => implied.has(r));
}
