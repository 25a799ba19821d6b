// Keeps the guide and the warning signs on the device, for a floor with no signal
// (the service worker at /sw.js). Without it the site works the same online.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
}
