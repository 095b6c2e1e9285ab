// Firefox exposes the promise-based `browser` namespace; Chromium only `chrome`
// (whose MV3 APIs also return promises). Everything in the background goes
// through this one name so the rest of the code never asks which browser it is in.
export const webext = globalThis.browser ?? globalThis.chrome;
