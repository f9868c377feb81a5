// `Ledger-Chain-Verified: false` on the answers about one account whose hash chain is known not to
// verify (its balance, its events): the body stays as the contract has it, and a client or an
// auditor sees the answer comes from a ledger that fails its own check. Known from the
// chain-verification projection (projections/chain/): a lookup, no replay on the request path.
// Sent only when false: a verified chain's answers are unchanged.
import type { FastifyInstance } from 'fastify';

export const chainVerifiedHeader = 'ledger-chain-verified';

export const chainVerifiedRoutes: ReadonlySet<string> = new Set(['/v1/accounts/:accountId/balance', '/v1/accounts/:accountId/events']);

const accountIdOf = (params: unknown): string | undefined =>
  typeof params === 'object' && params !== null && 'accountId' in params && typeof params.accountId === 'string' ? params.accountId : undefined;

export const addChainVerifiedHeader = (app: FastifyInstance, chainBroken: ((accountId: string) => boolean) | undefined): void => {
  if (chainBroken === undefined) return;
  // Callback style: an async hook costs a promise per request.
  app.addHook('onSend', (request, reply, payload, done) => {
    const route = request.routeOptions.url;
    if (reply.statusCode === 200 && route !== undefined && chainVerifiedRoutes.has(route)) {
      const accountId = accountIdOf(request.params);
      if (accountId !== undefined && chainBroken(accountId)) reply.header(chainVerifiedHeader, 'false');
    }
    done(null, payload);
  });
};
