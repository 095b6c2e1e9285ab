// How the extension's content script reaches the engine: by messaging the
// background, where the wasm runs (see background/engine-host.js for why it
// cannot run here). This is the one function session.annotate() is given; the
// demo page passes its own in-page engine instead.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const webext = globalThis.browser ?? globalThis.chrome;

  /**
   * The background's compact answer (background/requests.js, forPage) back in
   * the engine's shape, with each span's text cut from the text that was sent.
   */
  function fromPage(text, page) {
    const spans = (columns, field) => columns.start.map((start, index) => {
      const end = columns.end[index];
      return { start, end, text: columns.texts?.[index] ?? text.slice(start, end), [field]: columns[field][index] };
    });
    return {
      entities: spans(page.entities, 'kind'),
      times: spans(page.times, 'value'),
      claims: page.claims.map((claim) => ({ ...claim, text: claim.text ?? text.slice(claim.start, claim.end) })),
    };
  }

  /** @returns {Promise<object>} the engine's annotation of `text`, and `corpus`: the corpus version */
  ClaimLens.askEngine = async (text, options = {}) => {
    const reply = await webext.runtime.sendMessage({ type: 'annotate', text, published: options.published });
    if (!reply?.ok) throw new Error(reply?.error ?? 'the ClaimLens background did not answer');
    // Which corpus the links were made with: a `corpus-changed` message
    // naming another one makes the page read itself again (main.js).
    return { ...fromPage(text, reply.page), corpus: reply.corpus };
  };

  /** Wakes the background and has it build the engine while the page loads. */
  ClaimLens.prepareEngine = () => {
    webext.runtime.sendMessage({ type: 'prepare' }).catch(() => {});
  };
})();
