// The service worker: CONFIG (above) is written by the server with this release's version and
// the addresses to keep on the device. Plain JavaScript, no build step.
"use strict";

const CACHE = `sciatica-${CONFIG.version}`;

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
          names.filter((name) => name.startsWith("sciatica-") && name !== CACHE).map((name) => caches.delete(name)),
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
  const note = `<p class="offline-note" role="status">Offline — showing the copy from ${showDate(response)}</p>`;
  const marked = html.replace(/<main\b[^>]*>/, (tag) => tag + note);
  const headers = new Headers(response.headers);
  headers.set("X-Served-From", "offline-copy");
  return new Response(marked, { status: response.status, statusText: response.statusText, headers });
}

async function fromCache(request, loose = false) {
  const cache = await caches.open(CACHE);
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
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (CONFIG.precache.includes(url.pathname + url.search) || url.pathname.startsWith("/static/")) {
    event.respondWith(file(request));
  }
});
