// Local stores (SQLite, memory) answer reads at once, so a loop of `await store.readAll(...)` over
// a large store runs as one chain of microtasks: no timer, request or signal is served until it
// ends. Every loop that pages through a store awaits this once per page, so a long scan (a
// projection catching up, an incident, an audit) shares the process with the requests it serves.
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
