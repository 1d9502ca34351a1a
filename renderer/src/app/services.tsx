import { createContext, useContext, type ReactNode } from 'react';
import type { PinlistClient } from '../../../shared/contract/client.js';
import type { StagedFileInfo } from '../../../shared/contract/index.js';

/**
 * What the screens need from the outside world: the typed client, a way to hand a File to the
 * core, and which surface they run in. Provided once at the root; tests provide a fake client.
 */
export interface Services {
  client: PinlistClient;
  /** Stages a picked or dropped File (Electron: by path; browser: uploaded). Rejects with a PinlistError. */
  stageFile(file: File): Promise<StagedFileInfo>;
  surface: 'electron' | 'browser';
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesProvider> above it.');
  return services;
}

export function useClient(): PinlistClient {
  return useServices().client;
}
