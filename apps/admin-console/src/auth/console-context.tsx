import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/api-client';
import type { Abilities, Session } from './session';

/** The signed-in person, what they may do, and the API as them. */
export interface ConsoleContextValue {
  session: Session;
  abilities: Abilities;
  api: ApiClient;
}

export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === undefined) throw new Error('useConsole outside a signed-in console');
  return value;
}
