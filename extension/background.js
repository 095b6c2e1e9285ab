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
import { REQUEST_TYPES, answer } from './background/requests.js';
import { addTab } from './background/personal.js';

webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages can reach this listener (there is no
  // externally_connectable), but a message from a tab is still page-adjacent input.
  if (sender.id !== webext.runtime.id) return false;
  if (!REQUEST_TYPES.includes(message?.type)) return false; // meant for content scripts
  answer(message, sender).then(sendResponse);
  return true; // keep the channel open for the asynchronous answer
});

// The keyboard shortcut (manifest `commands`, Alt+Shift+Y by default) adds the
// active tab's article to the reader's corpus; the toolbar badge says how it went.
webext.commands?.onCommand.addListener(async (command) => {
  if (command !== 'add-page') return;
  const [tab] = await webext.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  let text = '+1';
  try {
    await addTab(tab.id);
  } catch (error) {
    text = '!';
    console.warn('ClaimLens could not add this page:', error);
  }
  await webext.action.setBadgeText({ tabId: tab.id, text }).catch(() => {});
  setTimeout(() => webext.action.setBadgeText({ tabId: tab.id, text: '' }).catch(() => {}), 4_000);
});
