// Entry point of the ClaimLens background (a service worker in Chromium, an
// event page in Firefox; the manifest names this file for both).
//
// Listeners are registered synchronously at the top level: when the browser
// wakes a stopped worker to deliver an event, only listeners that exist after
// this module's first evaluation receive it.

import { webext } from './background/webext.js';
import { answer } from './background/requests.js';

webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages can reach this listener (there is no
  // externally_connectable), but a message from a tab is still page-adjacent input.
  if (sender.id !== webext.runtime.id) return false;
  if (message?.type === 'toggle') return false; // meant for content scripts
  answer(message).then(sendResponse);
  return true; // keep the channel open for the asynchronous answer
});

// The toolbar button shows or hides the highlights in the current tab. Tabs
// without our content script (browser pages, the store) have no receiver; that
// rejection is expected and harmless.
webext.action.onClicked.addListener((tab) => {
  if (tab?.id === undefined) return;
  webext.tabs.sendMessage(tab.id, { type: 'toggle' }).catch(() => {});
});
