/* The visitor's field app service worker (served by fieldwork.views.app). Workbox is vendored:
 * no file comes from outside the platform. */
importScripts('{{ workbox_sw|escapejs }}');
const MODULES = {{ modules|safe }};
workbox.setConfig({ debug: false, modulePathCb: (name) => MODULES[name] });

const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, CacheFirst, StaleWhileRevalidate } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;
const SCOPE = '{{ scope|escapejs }}';
const STATIC = '{{ static_prefix|escapejs }}';
const PAGES = 'pv-pages-v1';
const KEEP = [PAGES, 'pv-static-v1', 'pv-photos-v1'];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => !KEEP.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

// Pages answered by a redirect (to the login page) or an error are never kept as the page.
const onlyPages = {
  cacheWillUpdate: async ({ response }) => (response && response.status === 200 && !response.redirected ? response : null)
};

// The visitor's pages: the network when it answers, else the last copy kept on the device.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.pathname.startsWith(SCOPE),
  new NetworkFirst({
    cacheName: PAGES,
    plugins: [onlyPages, new ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 30 * 24 * 3600 })]
  })
);
// Static files carry a hash in their names: once on the device, always valid.
registerRoute(
  ({ request, url }) => request.method === 'GET' && url.pathname.startsWith(STATIC),
  new CacheFirst({ cacheName: 'pv-static-v1', plugins: [new ExpirationPlugin({ maxEntries: 80 })] })
);
// Photo thumbnails of findings, so a visit page opened offline shows them.
registerRoute(
  ({ request, url }) => request.method === 'GET' && /\/evidence\/\d+\/thumbnail\/$/.test(url.pathname),
  new StaleWhileRevalidate({ cacheName: 'pv-photos-v1', plugins: [onlyPages, new ExpirationPlugin({ maxEntries: 300 })] })
);

// A page never opened with a connection: the visit list, if the device has it.
setCatchHandler(async ({ request }) => {
  if (request.mode === 'navigate') {
    const list = await caches.match(SCOPE, { cacheName: PAGES });
    if (list) return list;
  }
  return Response.error();
});
