// Tells open pages when the corpus their marks were linked against has
// changed, so that they read themselves again (content/main.js, on a
// `corpus-changed` message) instead of keeping stale links until reloaded.
//
// Two cases:
// - The reader's stored articles are still loading (personal-load.js): the
//   engine answers pages meanwhile with what is loaded so far. The tabs
//   answered then are remembered, and told once the load completes if
//   articles were loaded after their answer (an empty or small corpus, loaded
//   by the time a page is answered, makes no page read itself twice).
// - The reader changed the corpus (add, delete, import, delete all): every
//   open tab is told; a tab without a ClaimLens session ignores the message.
//
// Each answer carries the corpus version it was made with, and each message
// the version now current, so a page reads itself again only when its marks
// are older than the corpus (a tab answered during the load that has since
// moved to a page answered after it does nothing). The version names this
// worker's life too: the worker is stopped whenever idle and starts with a
// new engine, and a version from an earlier life never equals a current one.
//
// Messaging a tab needs no permission; without the "tabs" permission
// tabs.query still gives the ids, which is all that is used.

import { webext } from './webext.js';

const LIFE = `${Math.round(performance.timeOrigin)}`;
let changes = 0;
/** Tabs answered while the load was not complete yet -> how many articles were loaded then. */
const answeredDuringLoad = new Map();

/** The version of the corpus the engine answers with now. */
export function corpusVersion() {
  return `${LIFE}.${changes}`;
}

/**
 * A tab was answered while the stored articles were still loading, with
 * `loaded` of them in the engine: tell it when the rest are in.
 */
export function answeredWhileLoading(tabId, loaded) {
  if (Number.isInteger(tabId)) answeredDuringLoad.set(tabId, loaded); // its latest answer is what it shows
}

function tell(tabIds) {
  const message = { type: 'corpus-changed', corpus: corpusVersion() };
  for (const tabId of tabIds) {
    // A tab that was closed, or shows a page without our content script, refuses: nothing to do.
    webext.tabs.sendMessage(tabId, message).catch(() => {});
  }
}

/**
 * The load of the stored articles completed with `loaded` in the engine: the
 * tabs answered with fewer read their pages again.
 */
export function loadCompleted(loaded) {
  const behind = [...answeredDuringLoad].filter(([, seen]) => seen < loaded).map(([tabId]) => tabId);
  answeredDuringLoad.clear();
  if (behind.length === 0) return;
  changes += 1;
  tell(behind);
}

/** The reader changed the corpus: every open tab reads its page again. */
export async function corpusChanged() {
  changes += 1;
  answeredDuringLoad.clear();
  let tabs = [];
  try {
    tabs = await webext.tabs.query({});
  } catch {
    return; // no tabs to tell (a browser without the API in this context)
  }
  tell(tabs.map((tab) => tab.id).filter(Number.isInteger));
}
