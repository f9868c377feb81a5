// The console's pages as hash routes (#/account/<id>, #/incidents, #/alerts, #/health): the
// server serves one page, and nothing secret ever goes into the location.
export type Route =
  | Readonly<{ page: 'account'; accountId: string | undefined }>
  | Readonly<{ page: 'incidents' }>
  | Readonly<{ page: 'alerts' }>
  | Readonly<{ page: 'health' }>;

export const routeOf = (hash: string): Route => {
  const [page, id] = hash.replace(/^#\/?/, '').split('/');
  switch (page) {
    case 'incidents':
    case 'alerts':
    case 'health':
      return { page };
    default: {
      let accountId: string | undefined;
      try {
        accountId = id === undefined || id === '' ? undefined : decodeURIComponent(id);
      } catch {
        accountId = undefined;
      }
      return { page: 'account', accountId };
    }
  }
};
