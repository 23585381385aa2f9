// voiceguide service worker: the page and its files offline, and the tracks already played.
// Pages, index.json, captions and pictures: from the network when it answers, else the copy kept here.
// Tracks (.mp3): the player saves a whole track when it first plays; this answers the audio
// element's Range requests from that saved copy, and passes every other track request through.
'use strict';

const PAGES_CACHE = 'voiceguide-pages-v1';
const TRACKS_CACHE = 'voiceguide-tracks';
const SHELL = ['./', 'index.html', 'player.js', 'player.css', 'manifest.webmanifest', 'icon.svg', 'index.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(PAGES_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith('voiceguide-pages') && name !== PAGES_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.endsWith('.mp3')) {
    event.respondWith(track(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const kept = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (kept) return kept;
    if (request.mode === 'navigate') {
      const page = await cache.match('index.html');
      if (page) return page;
    }
    return Response.error();
  }
}

async function track(request) {
  const cache = await caches.open(TRACKS_CACHE);
  const saved = await cache.match(request.url);
  if (!saved) return fetch(request);
  const range = request.headers.get('range');
  return range ? partial(saved, range) : saved;
}

async function partial(saved, range) {
  const body = await saved.blob();
  const size = body.size;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start;
  let end;
  if (match && match[1] !== '') {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  } else if (match && match[2] !== '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  }
  if (start === undefined || start > end || start >= size) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  return new Response(body.slice(start, end + 1), {
    status: 206,
    statusText: 'Partial Content',
    headers: {
      'Content-Type': saved.headers.get('Content-Type') || 'audio/mpeg',
      'Content-Length': String(end - start + 1),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
}
