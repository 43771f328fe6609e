/** The domain: what the server is about, apart from how it runs. */
export type * from './events.js';
