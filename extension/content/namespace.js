// The one object that all ClaimLens content-script files hang their parts on.
//
// MV3 content scripts cannot be ES modules, so the files listed in the manifest
// are classic scripts run in order in one scope per page; each adds to this
// namespace instead of to the global scope. In the extension the object lives
// in the content script's isolated world, where the page cannot see or change
// it. The demo page (www/) loads the same files as ordinary page scripts.
globalThis.ClaimLens = globalThis.ClaimLens ?? {};
