// How the extension's content script reaches the engine: by messaging the
// background, where the wasm runs (see background/engine-host.js for why it
// cannot run here). This is the one function session.annotate() is given; the
// demo page passes its own in-page engine instead.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const webext = globalThis.browser ?? globalThis.chrome;

  /** @returns {Promise<object>} the engine's annotation of `text` */
  ClaimLens.askEngine = async (text, options = {}) => {
    const reply = await webext.runtime.sendMessage({ type: 'annotate', text, published: options.published });
    if (!reply?.ok) throw new Error(reply?.error ?? 'the ClaimLens background did not answer');
    return reply.result;
  };
})();
