// The service worker: CONFIG (above) is written by the server with this release's version and
// the addresses to keep on the device. Plain JavaScript, no build step.
"use strict";

const CACHE = `sciatica-${CONFIG.version}`;
// The blank log form of the person signed in, of this release too, kept apart so that signing in
// or out forgets it alone.
const PERSONAL = `sciatica-personal-${CONFIG.version}`;

self.addEventListener("install", (event) => {
  // Pages and files of one release go into one cache together, so they can never be mixed.
  event.waitUntil(precache());
});

// The listed addresses, then the scripts and styles those pages load (htmx, a page's own script).
async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(CONFIG.precache);
  const files = new Set();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) continue;
    for (const match of (await response.text()).matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)) {
      if (!CONFIG.precache.includes(match[1])) files.add(match[1]);
    }
  }
  await cache.addAll([...files]);
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("sciatica-") && name !== CACHE && name !== PERSONAL)
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});

function isPrivate(url) {
  return CONFIG.private.some((prefix) => url.pathname.startsWith(prefix));
}

function showDate(response) {
  const date = new Date(response.headers.get("Date") || Date.now());
  return date.toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

// A page from the device says so, at the top of its main part, with the date it was saved.
async function markOffline(response) {
  const html = await response.text();
  const note = `<p class="offline-note offline-copy" role="status">Offline — showing the copy from ${showDate(response)}</p>`;
  const marked = html.replace(/<main\b[^>]*>/, (tag) => tag + note);
  const headers = new Headers(response.headers);
  headers.set("X-Served-From", "offline-copy");
  return new Response(marked, { status: response.status, statusText: response.statusText, headers });
}

async function fromCache(request, loose = false, name = CACHE) {
  const cache = await caches.open(name);
  return (await cache.match(request)) || (loose ? await cache.match(request, { ignoreSearch: true }) : undefined);
}

// A page is kept only beside the stylesheet it was made with: after a new release its styles
// have a new address (the file names carry a hash), and this worker, from the older release,
// does not keep it. The next visit installs the new worker with the new page and styles together.
async function sameRelease(response) {
  const html = await response.text();
  const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]);
  const ours = sheets.every((href) => CONFIG.precache.includes(href));
  if (!ours) self.registration.update();
  return ours;
}

async function page(request) {
  const url = new URL(request.url);
  if (CONFIG.alwaysOffline.includes(url.pathname)) {
    const saved = await fromCache(request);
    if (saved) return saved;
  }
  if (CONFIG.personal.includes(url.pathname)) return personal(request);
  if (isPrivate(url)) {
    try {
      return await fetch(request);
    } catch {
      return (await fromCache(CONFIG.offline)) || Response.error();
    }
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && (await sameRelease(response.clone()))) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    const saved = await fromCache(request, true);
    if (saved) return markOffline(saved);
    return (await fromCache(CONFIG.offline)) || Response.error();
  }
}

// The blank log form: from the network, kept when it is the form itself (not the sign-in page a
// lapsed session leads to), and from the device with no connection.
async function personal(request) {
  try {
    const response = await fetch(request);
    const landed = new URL(response.url || request.url).pathname;
    if (response.ok && landed === new URL(request.url).pathname && (await sameRelease(response.clone()))) {
      const cache = await caches.open(PERSONAL);
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    const saved = await fromCache(request, true, PERSONAL);
    if (saved) return markOffline(saved);
    return (await fromCache(CONFIG.offline)) || Response.error();
  }
}

async function file(request) {
  // Files of this release: from the network when there is one (the server's page and files are
  // of one release), otherwise the copy saved with this release's pages.
  try {
    return await fetch(request);
  } catch {
    return (await fromCache(request)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    // Signing in or out forgets the kept log form: it was the last person's.
    if (CONFIG.signInOut.includes(url.pathname)) event.waitUntil(caches.delete(PERSONAL));
    if (request.mode === "navigate" && CONFIG.outbox.includes(url.pathname)) event.respondWith(send(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (CONFIG.precache.includes(url.pathname + url.search) || url.pathname.startsWith("/static/")) {
    event.respondWith(file(request));
  }
});

// Logging with no connection. A session sent when there is no connection is kept on the device
// (IndexedDB) with its submission id, and sent when the connection returns: by Background Sync
// where the browser has it, otherwise on the next page opened. The server stores a submission id
// once, so a session sent twice is one session. A session the server does not take (signed out,
// another person signed in, a value refused) stays on the device, shown with the reason, until
// it is sent or the person removes it.

function database() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("sciatica", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("outbox", { keyPath: "id" });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

// One transaction on the outbox; resolves with the request's result once it is written.
async function outbox(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction("outbox", mode);
    const request = work(transaction.objectStore("outbox"));
    transaction.oncomplete = () => resolve(request && request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

const kept = () => outbox("readonly", (store) => store.getAll());

// What the list of kept sessions shows: never the notes, which may be private.
function described(fields) {
  const rows = Number(fields.get("form-TOTAL_FORMS")) || 0;
  let exercises = 0;
  for (let i = 0; i < rows; i++) if (fields.get(`form-${i}-exercise`)) exercises++;
  return { date: fields.get("date") || "", time: fields.get("time") || "", exercises };
}

async function keep(url, body) {
  const fields = new URLSearchParams(body);
  const item = {
    id: fields.get("submission_id") || crypto.randomUUID(),
    url,
    body,
    owner: fields.get("owner") || "",
    keptAt: new Date().toISOString(),
    state: "waiting",
    reason: "",
    ...described(fields),
  };
  // The same form sent again (a reload of the "kept" page) is the same entry, not a second one.
  await outbox("readwrite", (store) => store.put(item));
  return item;
}

async function send(request) {
  const body = await request.clone().text();
  const fields = new URLSearchParams(body);
  try {
    return await fetch(request);
  } catch {
    // No connection. Adding or removing a row is not a session to send: the form waits.
    if (fields.has("add_rows") || fields.has("remove_row")) {
      return (await fromCache(CONFIG.offline)) || Response.error();
    }
  }
  await keep(new URL(request.url).pathname, body);
  if (self.registration.sync) self.registration.sync.register("outbox").catch(() => {});
  const page = await fromCache(CONFIG.outboxPage);
  if (!page) return Response.error();
  const html = (await page.text()).replace(
    /<main\b[^>]*>/,
    (tag) => `${tag}<p class="offline-note saved-note" role="status">Saved on this phone. It will be sent when you are online.</p>`,
  );
  return new Response(html, { status: 200, headers: page.headers });
}

function field(html, name) {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  return match ? match[1] : null;
}

// The log page's list of what it refused, as plain text.
function refusal(html) {
  const summary = html.match(/class="notice error-summary"[\s\S]*?<\/ul>/);
  if (!summary) return "The diary did not take it.";
  const items = [...summary[0].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
      .trim(),
  );
  return items.join(" ") || "The diary did not take it.";
}

const path = (response) => new URL(response.url).pathname;

async function setState(item, state, reason = "") {
  await outbox("readwrite", (store) => store.put({ ...item, state, reason }));
}

// Sends what is kept, one at a time. Without a connection it throws, so that Background Sync
// tries again later; every other answer is recorded on the entry.
async function sendKept() {
  const items = await kept();
  if (!items.length) return;
  // The log form as the server gives it now: who is signed in, and a fresh form token (the one
  // in the kept form may be from before a sign-in).
  // Redirects are not followed: the sign-in page would set a new form-token cookie under the
  // feet of a person signing in at that moment.
  const asked = { credentials: "same-origin", cache: "no-store", redirect: "manual" };
  const form = await fetch(CONFIG.outbox[0], asked);
  let away = null;
  if (form.type === "opaqueredirect") {
    // Sent away: to sign in, or to this week's safety questions (which the account page skips).
    away = (await fetch(CONFIG.account, asked)).type === "opaqueredirect" ? "signed-out" : "screening";
  }
  const html = form.ok ? await form.text() : "";
  const token = field(html, "csrfmiddlewaretoken");
  const owner = field(html, "owner");
  for (const item of items) {
    if (away || !token) {
      await setState(item, away || "refused", away ? "" : `The diary answered ${form.status}.`);
    } else if (item.owner && item.owner !== owner) {
      await setState(item, "someone-else");
    } else {
      const fields = new URLSearchParams(item.body);
      fields.set("csrfmiddlewaretoken", token);
      const response = await fetch(item.url, { method: "POST", body: fields, credentials: "same-origin" });
      const answer = path(response);
      if (response.ok && CONFIG.stored.some((pattern) => new RegExp(`^${pattern}$`).test(answer))) {
        await outbox("readwrite", (store) => store.delete(item.id));
      } else if (answer === CONFIG.signIn) {
        await setState(item, "signed-out");
      } else if (answer === CONFIG.screening) {
        await setState(item, "screening");
      } else {
        await setState(item, "refused", response.ok ? refusal(await response.text()) : `The diary answered ${response.status}.`);
      }
    }
  }
}

// One sending at a time, however many pages and syncs ask.
let sending = null;
function sendAll() {
  sending ??= sendKept().finally(() => {
    sending = null;
  });
  return sending;
}

async function tell(client) {
  const items = (await kept()).map(({ body, ...shown }) => shown);
  const message = { type: "outbox", page: CONFIG.outboxPage, items };
  if (client) return client.postMessage(message);
  for (const each of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) each.postMessage(message);
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(sendAll().finally(() => tell()));
});

self.addEventListener("message", (event) => {
  const { type, id } = event.data || {};
  let work;
  if (type === "send") work = sendAll().catch(() => {});
  else if (type === "remove") work = outbox("readwrite", (store) => store.delete(id));
  else if (type === "list") work = Promise.resolve();
  else return;
  event.waitUntil(work.then(() => tell(event.source)));
});

// Reminders as notifications (Web Push, sent by manage.py send_reminders). The words come from
// the server and say nothing about health; a message that cannot be read still reminds.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Time for your exercises", {
      icon: CONFIG.icon,
      tag: "reminder",
      data: { url: message.url || "/" },
    }),
  );
});

// A tap on the notification opens the page it names (of this site only), or brings a tab that
// shows it to the front.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || "/", self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
        if (new URL(client.url).pathname === url.pathname && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(url.href);
    })(),
  );
});
