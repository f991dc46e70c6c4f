// The signed-in token: kept in this tab's sessionStorage only (never a cookie, never left in the address), with the
// claims the header shows. The claims are read, not verified: the API verifies the token on every call.

const KEY = 'masterflow.token';
const listeners = new Set();
let signOutReason = null;

/** A link such as http://localhost:8080/#token=... signs in; the token then leaves the address bar and history. */
export function captureTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) {
    return;
  }
  const rest = location.hash.slice(1).split('&').filter((part) => !part.startsWith('token=')).join('&');
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  signIn(decodeURIComponent(match[1]));
}

/** Signs in with a pasted or linked token; returns the refusal's reason, or null. */
export function signIn(token) {
  const trimmed = (token || '').trim().replace(/^Bearer\s+/i, '');
  const claims = decode(trimmed);
  if (!claims) {
    signOut('That is not a bearer token: a token has three parts separated by dots.');
    return signOutReason;
  }
  if (expired(claims)) {
    signOut(`The token expired at ${new Date(claims.exp * 1000).toLocaleString()}.`);
    return signOutReason;
  }
  sessionStorage.setItem(KEY, trimmed);
  signOutReason = null;
  notify();
  return null;
}

export function signOut(reason = null) {
  sessionStorage.removeItem(KEY);
  signOutReason = reason;
  notify();
}

/** Why the last session ended, when it did not end by the user's choice. */
export function lastSignOutReason() {
  return signOutReason;
}

/** The current session, or null: {token, user, account, engagements, roles, expiresAt}. */
export function session() {
  const token = sessionStorage.getItem(KEY);
  const claims = token && decode(token);
  if (!claims) {
    return null;
  }
  if (expired(claims)) {
    signOut(`The token expired at ${new Date(claims.exp * 1000).toLocaleString()}.`);
    return null;
  }
  return {
    token,
    user: claims.sub,
    account: claims.client_account_id,
    engagements: Array.isArray(claims.engagement_ids) ? claims.engagement_ids : [],
    roles: Array.isArray(claims.roles) ? claims.roles : [],
    expiresAt: claims.exp ? new Date(claims.exp * 1000) : null,
  };
}

/** Whether the token holds one of the roles; the API still decides, this only keeps refused actions off the page. */
export function hasRole(...roles) {
  const current = session();
  return !!current && roles.some((role) => current.roles.includes(role));
}

/** The engagements a form can offer, or null when the token grants every engagement of its account. */
export function grantedEngagements() {
  const current = session();
  if (!current || current.engagements.includes('*')) {
    return null;
  }
  return current.engagements;
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  listeners.forEach((listener) => listener());
}

function expired(claims) {
  return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
}

function decode(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}
