import { createContext, useContext } from 'react';
import type { Me } from '../api';

export const MeContext = createContext<Me | null>(null);

/** Whether the signed-in administrator's roles give a permission (the API checks it anyway). */
export function useCan(permission: string): boolean {
  const me = useContext(MeContext);
  return Boolean(me && (!me.permissions || me.permissions.includes(permission)));
}

/** The organisations an organisation's own administrator manages (null for the tenant's administrators). */
export function useDelegatedOrganisations(): string[] | null {
  return useContext(MeContext)?.organisations ?? null;
}
