// Every view has an address; links and filters change it with the History API, so Back, reload, bookmarks and
// shared links all show the same view.
const listeners = new Set();

/** `state` travels with the entry (history.state): what the next view should know, such as a version to wait for. */
export function navigate(url, { replace = false, state = null } = {}) {
  if (replace) {
    history.replaceState(state, '', url);
  } else {
    history.pushState(state, '', url);
  }
  listeners.forEach((listener) => listener());
}

export function onNavigate(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

/** Links inside the page move without reloading it (a modified click still opens a new tab). */
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
    || event.altKey || link.target || link.hasAttribute('download')) {
    return;
  }
  const url = new URL(link.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

/** The address's query as an object; repeated parameters become arrays where `lists` names them. */
export function params(lists = []) {
  const search = new URLSearchParams(location.search);
  const result = {};
  for (const [name, value] of search) {
    if (lists.includes(name)) {
      (result[name] ||= []).push(value);
    } else {
      result[name] = value;
    }
  }
  return result;
}
