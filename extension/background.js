// Entry point of the ClaimLens background (a service worker in Chromium, an
// event page in Firefox; the manifest names this file for both).
//
// Listeners are registered synchronously at the top level: when the browser
// wakes a stopped worker to deliver an event, only listeners that exist after
// this module's first evaluation receive it.
//
// The toolbar button opens popup/popup.html (the manifest's default_popup);
// the popup talks to the tab's content script directly, not through here.

import { webext } from './background/webext.js';
import { answer } from './background/requests.js';

webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages can reach this listener (there is no
  // externally_connectable), but a message from a tab is still page-adjacent input.
  if (sender.id !== webext.runtime.id) return false;
  if (!['annotate', 'article', 'open-article'].includes(message?.type)) return false; // meant for content scripts
  answer(message, sender).then(sendResponse);
  return true; // keep the channel open for the asynchronous answer
});
