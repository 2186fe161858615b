import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createContext } from './context';
import { createCallerFactory } from './init';
import { appRouter } from './root';

const createCaller = createCallerFactory(appRouter);

/**
 * Server components call procedures directly (no HTTP), with the same context and checks as the
 * HTTP endpoint. One context per render, shared by the components of that render.
 */
export const serverContext = cache(async () => createContext(await headers()));

export const api = cache(async () => createCaller(await serverContext()));
