// The service worker: CONFIG (above) is written by the server with this release's version and
// the addresses to keep on the device. Plain JavaScript, no build step.
"use strict";

const CACHE = `sciatica-${CONFIG.version}`;
// The blank log form of the person signed in, of this release too, kept apart so that signing in
// or out forgets it alone.
const PERSONAL = `sciatica-personal-${CONFIG.version}`;

self.addEventListener("install", (event) => {
  // Pages and files of one release go into one cache together, so they can never be mixed.
  event.waitUntil(precache().then(carryOverLogForm));
});

// As a visitor sees them: a page kept on the device never shows a person's own details, whoever
// was signed in when it was saved.
const anonymous = (url) => new Request(url, { credentials: "omit" });

// The listed addresses, then the scripts and styles those pages load (htmx, a page's own
// script). A few at a time: the person's own next page should not wait behind sixty others.
async function precache() {
  const cache = await caches.open(CACHE);
  await inTurn(CONFIG.precache, (url) => cache.add(anonymous(url)));
  const files = new Set();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (isHTML(response)) for (const file of staticFiles(await response.text())) files.add(file);
  }
  await inTurn([...files], async (file) => (await cache.match(file)) || cache.add(file));
}

async function inTurn(items, work, atOnce = 4) {
  for (let i = 0; i < items.length; i += atOnce) await Promise.all(items.slice(i, i + atOnce).map(work));
}

// A new release keeps the log form opening offline: the person's form of this release, fetched
// now, in place of the older one (which goes with the older release's styles).
async function carryOverLogForm() {
  const names = await caches.keys();
  const older = names.filter((name) => name.startsWith("sciatica-personal-") && name !== PERSONAL);
  let had = false;
  for (const name of older) had = had || (await (await caches.open(name)).keys()).length > 0;
  if (!had) return;
  for (const url of CONFIG.personal) {
    try {
      await keepPersonal(new Request(url), await fetch(url, { credentials: "same-origin", redirect: "manual" }));
    } catch {
      // No connection now: the form is kept again at its next visit.
    }
  }
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

const isHTML = (response) => (response.headers.get("Content-Type") || "").startsWith("text/html");

function staticFiles(html) {
  return [...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((match) => match[1]);
}

function showDate(response) {
  const date = new Date(response.headers.get("Date") || Date.now());
  return date.toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

// A page shown with a line at the top of its main part.
async function withNote(response, note, status = response.status) {
  const html = (await response.text()).replace(/<main\b[^>]*>/, (tag) => tag + note);
  const headers = new Headers(response.headers);
  headers.set("X-Served-From", "offline-copy");
  return new Response(html, { status, headers });
}

// A page from the device says so, with the date it was saved (and that a search is not applied:
// the copy is the page without it).
function markOffline(response, searched = false) {
  const without = searched ? ", without your search or filters" : "";
  const note = `<p class="offline-note offline-copy" role="status">Offline — showing the copy from ${showDate(response)}${without}</p>`;
  return withNote(response, note);
}

async function fromCache(request, loose = false, name = CACHE) {
  const cache = await caches.open(name);
  return (await cache.match(request)) || (loose ? await cache.match(request, { ignoreSearch: true }) : undefined);
}

// A page kept from the device, or the page that says it was never kept.
async function offlineCopy(request, name = CACHE) {
  const exact = await fromCache(request, false, name);
  if (exact) return markOffline(exact);
  const loose = await fromCache(request, true, name);
  if (loose) return markOffline(loose, true);
  return (await fromCache(CONFIG.offline)) || Response.error();
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

// A page seen by a person signed in is kept as a visitor sees it, fetched again without them.
async function keepPublic(request, response) {
  if (!response.ok || response.type !== "basic" || !(await sameRelease(response.clone()))) return;
  const html = await response.clone().text();
  const copy = /<body\b[^>]*\sdata-signed-in\b/.test(html) ? await fetch(anonymous(request.url)) : response;
  if (copy.ok && (await sameRelease(copy.clone()))) await (await caches.open(CACHE)).put(request, copy);
}

async function page(event) {
  const request = event.request;
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
    event.waitUntil(keepPublic(request, response.clone()).catch(() => {}));
    return response;
  } catch {
    return offlineCopy(request);
  }
}

// The blank log form, kept when it is the form itself (not the sign-in page a lapsed session
// leads to), with the scripts it runs on.
async function keepPersonal(request, response) {
  if (!response.ok || response.type !== "basic" || new URL(response.url).pathname !== new URL(request.url).pathname) return;
  if (!(await sameRelease(response.clone()))) return;
  await (await caches.open(PERSONAL)).put(request, response.clone());
  const cache = await caches.open(CACHE);
  for (const file of staticFiles(await response.text())) if (!(await cache.match(file))) await cache.add(file);
}

async function personal(request) {
  try {
    const response = await fetch(request);
    await keepPersonal(request, response.clone()).catch(() => {});
    return response;
  } catch {
    return offlineCopy(request, PERSONAL);
  }
}

async function file(request) {
  // Files of this release: from the network when there is one (the server's page and files are
  // of one release), otherwise the copy saved with this release's pages. A file's name carries
  // the hash of its content, so a copy kept now is never a different file under the same name.
  try {
    const response = await fetch(request);
    const url = new URL(request.url);
    if (response.ok && url.pathname.startsWith("/static/") && !(await fromCache(request))) {
      await (await caches.open(CACHE)).put(request, response.clone());
    }
    return response;
  } catch {
    return (await fromCache(request)) || Response.error();
  }
}

// A form sent with no connection that cannot be kept for later: the person is told it was not
// sent, and the warning signs are never out of reach.
async function notSent(request) {
  const url = new URL(request.url);
  const safety = CONFIG.safety.includes(url.pathname);
  const page = (await fromCache(safety ? CONFIG.emergency : CONFIG.offline)) || (await fromCache(CONFIG.offline));
  if (!page) return Response.error();
  const said = safety
    ? "No connection: your answers were not sent. Answer again when you are online. If any of these signs is happening now, do not wait:"
    : "No connection: this was not sent. Go back, and send it again when you are online; what you typed is still on the page before.";
  // Not "this page was not saved": what was not done is the sending.
  const shown = new Response((await page.text()).replace(/<p class="offline-unsaved">[\s\S]*?<\/p>/, ""), page);
  return withNote(shown, `<p class="offline-note not-sent" role="alert">${said}</p>`, 200);
}

async function sendOrSay(request) {
  try {
    return await fetch(request);
  } catch {
    return notSent(request);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    // Signing in or out forgets the kept log form: it was the last person's.
    if (CONFIG.signInOut.includes(url.pathname)) event.waitUntil(caches.delete(PERSONAL));
    if (request.mode !== "navigate") return;
    if (CONFIG.outbox.includes(url.pathname)) event.respondWith(send(event));
    else event.respondWith(sendOrSay(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
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

const SAVED = `<p class="offline-note saved-note" role="status">Saved on this phone. It will be sent when you are online.</p>`;
const WARNED = `<p class="offline-note not-sent" role="alert">You reported a warning sign: do not wait for the connection. What to do now:</p>`;

async function send(event) {
  const request = event.request;
  const body = await request.clone().text();
  const fields = new URLSearchParams(body);
  try {
    const response = fields.has("kept") ? await correct(request, fields) : await fetch(request);
    // Sent: a copy kept earlier with the same submission id is now in the diary; the next
    // sending finds that out and lets it go.
    if (fields.get("submission_id")) event.waitUntil(sendAll().then(() => tell()).catch(() => {}));
    return response;
  } catch {
    // No connection. Adding or removing a row is not a session to send: the form waits.
    if (fields.has("add_rows") || fields.has("remove_row")) return notSent(request);
  }
  fields.delete("kept");
  await keep(new URL(request.url).pathname, fields.toString());
  if (self.registration.sync) self.registration.sync.register("outbox").catch(() => {});
  // Warning signs ticked in the form: their guidance at once, not after the connection returns.
  const warned = fields.getAll("red_flags").some(Boolean);
  const page = (warned && (await fromCache(CONFIG.emergency))) || (await fromCache(CONFIG.outboxPage));
  if (!page) return Response.error();
  return withNote(page, warned ? SAVED + WARNED : SAVED, 200);
}

// A kept session the diary refused, opened again in the log form to be put right: sent with a
// form token of now (the kept one may be from before a sign-in), and the log form comes back
// with the values and what to correct.
async function correct(request, fields) {
  const form = await fetch(CONFIG.outbox[0], { credentials: "same-origin", cache: "no-store", redirect: "manual" });
  const token = form.ok ? field(await form.text(), "csrfmiddlewaretoken") : null;
  if (token) fields.set("csrfmiddlewaretoken", token);
  fields.delete("kept");
  return fetch(request.url, { method: "POST", body: fields, credentials: "same-origin", redirect: "manual" });
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

async function setState(item, state, reason = "") {
  await outbox("readwrite", (store) => store.put({ ...item, state, reason }));
}

// Sends what is kept, oldest first. Without a connection it throws, so that Background Sync
// tries again later; every other answer is recorded on the entry. Redirects are never followed:
// the sign-in page would set a new form-token cookie under the feet of a person signing in at
// that moment. The log answers a send marked X-Outbox plainly instead of redirecting.
async function sendKept() {
  const items = (await kept()).sort((a, b) => a.keptAt.localeCompare(b.keptAt));
  if (!items.length) return;
  // The log form as the server gives it now: who is signed in, and a fresh form token (the one
  // in the kept form may be from before a sign-in).
  const asked = { credentials: "same-origin", cache: "no-store", redirect: "manual" };
  const form = await fetch(CONFIG.outbox[0], asked);
  const away = async () =>
    // Sent away: to sign in, or to this week's safety questions (which the account page skips).
    (await fetch(CONFIG.account, asked)).type === "opaqueredirect" ? "signed-out" : "screening";
  const gone = form.type === "opaqueredirect" ? await away() : null;
  const html = form.ok ? await form.text() : "";
  const token = field(html, "csrfmiddlewaretoken");
  const owner = field(html, "owner");
  for (const item of items) {
    if (gone || !token) {
      await setState(item, gone || "refused", gone ? "" : `The diary answered ${form.status}.`);
      continue;
    }
    if (item.owner && item.owner !== owner) {
      await setState(item, "someone-else");
      continue;
    }
    const fields = new URLSearchParams(item.body);
    fields.set("csrfmiddlewaretoken", token);
    const response = await fetch(item.url, { ...asked, method: "POST", body: fields, headers: { "X-Outbox": "1" } });
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.startsWith("application/json") && (await response.json()).stored) {
      await outbox("readwrite", (store) => store.delete(item.id));
    } else if (response.type === "opaqueredirect") {
      await setState(item, await away());
    } else {
      await setState(item, "refused", response.ok ? refusal(await response.text()) : `The diary answered ${response.status}.`);
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
  else if (type === "open") {
    // The whole kept form, for the page that opens it again in the log form.
    const reply = outbox("readonly", (store) => store.get(id)).then((item) => {
      if (item) event.source.postMessage({ type: "kept", id, url: item.url, body: item.body });
    });
    event.waitUntil(reply);
    return;
  } else if (type === "remove") work = outbox("readwrite", (store) => store.delete(id));
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
