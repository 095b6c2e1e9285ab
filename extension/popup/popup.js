// The toolbar popup: switch ClaimLens on or off for the site of the current
// tab (the content script remembers the choice), see how many claims the page
// has and how many are corroborated or conflicting, and jump to a conflict.
//
// Everything comes from the tab's content script; the popup keeps no state.

const webext = globalThis.browser ?? globalThis.chrome;
const SHOWN_CLAIM_CHARS = 110;

/**
 * The tab the popup is about: the active tab of this window; or, when this
 * page was opened as a tab of its own (as the end-to-end tests do), the tab
 * the reader used just before it.
 */
async function targetTab() {
  const self = await webext.tabs.getCurrent?.();
  if (!self) {
    const [active] = await webext.tabs.query({ active: true, currentWindow: true });
    return active;
  }
  const tabs = await webext.tabs.query({ currentWindow: true });
  return tabs.filter((tab) => tab.id !== self.id)
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

const byId = (id) => document.getElementById(id);

function render(tab, status) {
  byId('controls').hidden = false;
  byId('site').textContent = new URL(status.origin).host || status.origin;
  byId('enabled').checked = status.enabled && status.active;
  byId('count-claims').textContent = String(status.claims);
  byId('count-corroborated').textContent = String(status.corroborated);
  byId('count-conflicting').textContent = String(status.conflicting);
  byId('off-note').hidden = status.enabled;
  byId('counts').hidden = !status.active;
  byId('conflicts-heading').hidden = !status.active;
  byId('no-conflicts').hidden = !status.active || status.conflicts.length > 0;
  const items = status.conflicts.map(({ claim, text }) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text.length > SHOWN_CLAIM_CHARS ? `${text.slice(0, SHOWN_CLAIM_CHARS - 1).trimEnd()}…` : text;
    button.title = text;
    button.addEventListener('click', async () => {
      await webext.tabs.sendMessage(tab.id, { type: 'jump', claim });
      if (!(await webext.tabs.getCurrent?.())) window.close();
    });
    item.append(button);
    return item;
  });
  byId('conflicts').replaceChildren(...items);
}

/** "Add this page": the background asks the tab for its article and keeps it. */
async function addPage(tab) {
  const button = byId('add-page');
  const status = byId('add-status');
  button.disabled = true;
  status.removeAttribute('data-error');
  status.textContent = 'Adding…';
  try {
    const reply = await webext.runtime.sendMessage({ type: 'personal.add-tab', tabId: tab.id });
    if (!reply?.ok) throw new Error(reply?.error ?? 'the ClaimLens background did not answer');
    const { title, outlet } = reply.article;
    status.textContent = `Added to your corpus: ${title ?? 'this page'}${outlet ? ` (${outlet})` : ''}.`;
  } catch (error) {
    status.dataset.error = '';
    status.textContent = String(error?.message ?? error);
    button.disabled = false;
  }
}

async function main() {
  byId('open-options').addEventListener('click', () => webext.runtime.openOptionsPage());
  const tab = await targetTab();
  let status = null;
  try {
    status = tab?.id !== undefined ? await webext.tabs.sendMessage(tab.id, { type: 'status' }) : null;
  } catch {
    status = null; // no content script there (a browser page, the store)
  }
  if (!status || status.error) {
    byId('unavailable').hidden = false;
    return;
  }
  render(tab, status);
  byId('add-page').addEventListener('click', () => addPage(tab));
  byId('enabled').addEventListener('change', async (event) => {
    const checkbox = event.target;
    checkbox.disabled = true;
    try {
      render(tab, await webext.tabs.sendMessage(tab.id, { type: 'set-enabled', enabled: checkbox.checked }));
    } finally {
      checkbox.disabled = false;
    }
  });
}

main();
