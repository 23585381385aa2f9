// voiceguide web player: lists the workouts in index.json and follows one as it plays.
// No build step, no other host: every file comes from the folder this page is in.
'use strict';

const TRACKS_CACHE = 'voiceguide-tracks';
const KINDS = {
  'get-ready': 'Get ready', hold: 'Hold', breaths: 'Breathe', timed: 'Keep going',
  reps: 'Reps', rest: 'Rest', switch: 'Switch sides', phase: 'Hold',
};

const $ = (id) => document.getElementById(id);
const audio = $('audio');
const state = { index: null, track: null, cues: [], chapter: -2, wakeLock: null, picture: null };

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function slugOf(track) {
  return track.file.replace(/\.mp3$/, '');
}

function audioUrl(track) {
  // The sha256 in the URL: a rebuilt track is a new URL, so a saved copy is never stale.
  return `${encodeURIComponent(track.file)}?v=${track.sha256.slice(0, 16)}`;
}

function pictureUrl(track) {
  return `${encodeURIComponent(track.picture)}?v=${track.sha256.slice(0, 16)}`;
}

function parseTime(text) {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function parseVtt(text) {
  const cues = [];
  for (const block of text.replace(/\r/g, '').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((line) => line.includes('-->'));
    if (at < 0) continue;
    const [start, end] = lines[at].split('-->').map((part) => parseTime(part.trim().split(/\s+/)[0]));
    cues.push({ start, end, text: lines.slice(at + 1).join(' ').trim() });
  }
  return cues;
}

function lastStartingBefore(items, t) {
  let found = -1;
  for (let i = 0; i < items.length; i += 1) {
    if (items[i].start <= t + 0.05) found = i;
  }
  return found;
}

function windowAt(track, t) {
  let best = null;
  for (const w of track.windows) {
    if (w.start <= t && t < w.end && (!best || w.start >= best.start)) best = w;
  }
  return best;
}

// --- the list of workouts -----------------------------------------------------------------------

async function savedUrls() {
  if (!('caches' in window)) return new Set();
  try {
    const cache = await caches.open(TRACKS_CACHE);
    return new Set((await cache.keys()).map((request) => request.url));
  } catch (err) {
    return new Set();
  }
}

async function forgetOldTracks(index) {
  if (!('caches' in window)) return;
  try {
    const current = new Set(index.tracks.map((t) => new URL(audioUrl(t), location.href).href));
    const cache = await caches.open(TRACKS_CACHE);
    for (const request of await cache.keys()) {
      if (!current.has(request.url)) await cache.delete(request);
    }
  } catch (err) { /* storage unavailable: nothing to tidy */ }
}

async function saveForOffline(track) {
  if (!('caches' in window)) return;
  try {
    const cache = await caches.open(TRACKS_CACHE);
    const url = audioUrl(track);
    if (!(await cache.match(url))) {
      // The whole file, past the HTTP cache: it may hold only the ranges the audio element asked for.
      const response = await fetch(url, { cache: 'no-store' });
      if (response.status !== 200) return;
      await cache.put(url, response);
    }
    renderList();
  } catch (err) { /* full storage or offline: the track still plays from the server */ }
}

async function renderList() {
  const index = state.index;
  const saved = await savedUrls();
  const list = $('list');
  list.replaceChildren();
  for (const track of index.tracks) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'track';
    button.dataset.slug = slugOf(track);
    const num = document.createElement('span');
    num.className = 'num';
    num.textContent = String(track.number);
    const text = document.createElement('span');
    const title = document.createElement('span');
    title.className = 'track-title';
    title.textContent = track.title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    const n = track.exercises.length;
    meta.textContent = `${clock(Math.round(track.length))} · ${n} exercise${n === 1 ? '' : 's'}`;
    if (saved.has(new URL(audioUrl(track), location.href).href)) {
      const mark = document.createElement('span');
      mark.className = 'saved';
      mark.textContent = ' · offline';
      meta.append(mark);
    }
    text.append(title, meta);
    button.append(num, text);
    button.addEventListener('click', () => { location.hash = `#${slugOf(track)}`; openTrack(track, true); });
    item.append(button);
    list.append(item);
  }
}

// --- the timeline picture -----------------------------------------------------------------------

// Where the picture draws time: its root element's attributes say (see voiceguide/timeline/picture.py).
// Read from the opening tag only; parsing the whole picture here would apply its stylesheet under this page's policy.
function pictureGeometry(text) {
  const tag = /<svg\b[^>]*>/.exec(text);
  if (!tag) return null;
  const attrs = {};
  for (const [, name, value] of tag[0].matchAll(/\s([\w:-]+)="([^"]*)"/g)) attrs[name] = value;
  const box = (attrs.viewBox || '').split(/\s+/).map(Number);
  const n = (name) => Number(attrs[`data-${name}`]);
  const g = {
    width: box[2], height: box[3], rowSeconds: n('row-seconds'), rows: n('rows'), x0: n('x0'), x1: n('x1'),
    top: n('top'), pitch: n('pitch'), laneTop: n('lane-top'), laneBottom: n('lane-bottom'),
  };
  const ok = Object.values(g).every(Number.isFinite) && g.width > 0 && g.height > 0 && g.rows > 0
    && g.rowSeconds > 0 && g.x1 > g.x0;
  return ok ? g : null;
}

async function loadPicture(track) {
  state.picture = null;
  $('picture-box').hidden = true;
  if (!track.picture) return;
  try {
    const url = pictureUrl(track);
    const response = await fetch(url);
    if (!response.ok) return;
    const geometry = pictureGeometry(await response.text());
    if (!geometry || state.track !== track) return;
    state.picture = geometry;
    $('picture').src = `${url}#dark`; // the player is dark: the picture's dark colours, whatever the phone's setting
    $('picture-box').hidden = false;
    render();
  } catch (err) { /* no picture: the rest of the player works without it */ }
}

function placePlayhead(t) {
  const g = state.picture;
  if (!g) return;
  const row = Math.min(g.rows - 1, Math.max(0, Math.floor(t / g.rowSeconds)));
  const x = g.x0 + ((t - row * g.rowSeconds) / g.rowSeconds) * (g.x1 - g.x0);
  const head = $('playhead');
  head.style.left = `${(x / g.width) * 100}%`;
  head.style.top = `${((g.top + row * g.pitch + g.laneTop) / g.height) * 100}%`;
  head.style.height = `${((g.laneBottom - g.laneTop) / g.height) * 100}%`;
}

function pictureTime(event) {
  // The time under a tap: which row (by height), then how far along it.
  const g = state.picture;
  const rect = $('picture').getBoundingClientRect();
  const x = ((event.clientX - rect.left) / rect.width) * g.width;
  const y = ((event.clientY - rect.top) / rect.height) * g.height;
  const row = Math.min(g.rows - 1, Math.max(0, Math.floor((y - g.top) / g.pitch)));
  const along = Math.min(1, Math.max(0, (x - g.x0) / (g.x1 - g.x0)));
  return (row + along) * g.rowSeconds;
}

// --- the player ---------------------------------------------------------------------------------

async function loadCues(track) {
  try {
    const response = await fetch(encodeURIComponent(track.captions));
    return response.ok ? parseVtt(await response.text()) : [];
  } catch (err) {
    return [];
  }
}

function renderChapters(track) {
  const list = $('chapters');
  list.replaceChildren();
  track.chapters.forEach((chapter, i) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chapter';
    button.dataset.index = String(i);
    button.dataset.start = String(chapter.start);
    const at = document.createElement('span');
    at.className = 'at';
    at.textContent = clock(chapter.start);
    const name = document.createElement('span');
    name.textContent = chapter.title;
    button.append(at, name);
    button.addEventListener('click', () => seek(chapter.start));
    item.append(button);
    list.append(item);
  });
}

async function openTrack(track, play) {
  const same = state.track === track;
  state.track = track;
  showPlayer(true);
  if (!same) {
    state.cues = [];
    state.chapter = -2;
    $('track-title').textContent = `${track.number}. ${track.title}${track.coach ? ` · ${track.coach}` : ''}`;
    const lang = track.language || state.index.language || 'en';  // what the track says is in its own language
    for (const id of ['track-title', 'exercise', 'window-label', 'cue', 'next', 'chapters']) $(id).lang = lang;
    $('position').max = String(track.length);
    renderChapters(track);
    audio.src = audioUrl(track);
    setMediaSession(track);
    render();
    loadCues(track).then((cues) => { if (state.track === track) { state.cues = cues; render(); } });
    loadPicture(track);
  }
  if (play) {
    try { await audio.play(); } catch (err) { /* the browser wants a tap on Play first */ }
  }
}

function seek(t) {
  const track = state.track;
  if (!track) return;
  audio.currentTime = Math.min(Math.max(0, t), track.length);
  render();
}

function skipChapter(step) {
  const track = state.track;
  if (!track || !track.chapters.length) return;
  const t = audio.currentTime;
  const i = Math.max(0, lastStartingBefore(track.chapters, t));
  if (step < 0) {
    const back = t - track.chapters[i].start > 3 ? i : Math.max(0, i - 1);
    seek(track.chapters[back].start);
  } else if (i + 1 < track.chapters.length) {
    seek(track.chapters[i + 1].start);
  }
}

function render() {
  const track = state.track;
  if (!track) return;
  const t = audio.currentTime || 0;
  const i = lastStartingBefore(track.chapters, t);
  if (i !== state.chapter) {
    state.chapter = i;
    const current = track.chapters[Math.max(0, i)];
    const next = track.chapters[i + 1];
    $('exercise').textContent = current ? current.title : track.title;
    $('exercise').classList.toggle('long', $('exercise').textContent.length > 26);
    $('next').textContent = next ? next.title : 'The end';
    for (const button of $('chapters').querySelectorAll('.chapter')) {
      button.setAttribute('aria-current', String(Number(button.dataset.index) === Math.max(0, i)));
    }
  }
  const w = windowAt(track, t);
  const countdown = $('countdown');
  if (w) {
    $('window-label').textContent = windowText(w, track.chapters[Math.max(0, i)]);
    countdown.textContent = clockOrSeconds(w.end - t);
    countdown.classList.remove('waiting');
    $('window-bar').style.width = `${Math.min(100, ((t - w.start) / (w.end - w.start)) * 100)}%`;
  } else {
    const chapterEnd = track.chapters[Math.max(0, i)] ? track.chapters[Math.max(0, i)].end : track.length;
    const upcoming = track.windows.find((x) => x.start > t && x.start <= chapterEnd);
    $('window-label').textContent = upcoming ? `${KINDS[upcoming.kind] || upcoming.kind} starts in` : 'Listen';
    countdown.textContent = upcoming ? clockOrSeconds(upcoming.start - t) : '';
    countdown.classList.add('waiting');
    $('window-bar').style.width = '0%';
  }
  const c = lastStartingBefore(state.cues, t);
  const cue = $('cue');
  cue.textContent = c >= 0 ? state.cues[c].text : '';
  cue.classList.toggle('past', c >= 0 && t > state.cues[c].end);
  $('elapsed').textContent = clock(t);
  $('remaining').textContent = `-${clock(track.length - t)}`;
  if (!state.dragging) $('position').value = String(t);
  placePlayhead(t);
}

function windowText(w, chapter) {
  // 'Hold · right side' rather than repeating the exercise shown above it.
  const kind = KINDS[w.kind] || w.kind;
  const exercise = chapter ? chapter.title.replace(/\s*\([^)]*\)$/, '') : '';
  let rest = w.label;
  if (exercise && rest.startsWith(exercise)) rest = rest.slice(exercise.length).replace(/^[\s,:·-]+/, '');
  return !rest || rest.toLowerCase() === kind.toLowerCase() ? kind : `${kind} · ${rest}`;
}

function clockOrSeconds(seconds) {
  const s = Math.ceil(Math.max(0, seconds) - 0.001);
  return s < 60 ? String(s) : clock(s);
}

function showPlayer(on) {
  $('home').hidden = on;
  $('player').hidden = !on;
  $('back').hidden = !on;
  window.scrollTo(0, 0);
}

function setPlaying() {
  const playing = !audio.paused;
  $('icon-play').toggleAttribute('hidden', playing); // SVG elements have no .hidden property
  $('icon-pause').toggleAttribute('hidden', !playing);
  $('play').setAttribute('aria-label', playing ? 'Pause' : 'Play');
  if ('mediaSession' in navigator) navigator.mediaSession.playbackState = playing ? 'playing' : 'paused';
  keepScreenOn(playing);
}

async function keepScreenOn(on) {
  if (!('wakeLock' in navigator)) return;
  try {
    if (on && !state.wakeLock) {
      state.wakeLock = await navigator.wakeLock.request('screen');
      state.wakeLock.addEventListener('release', () => { state.wakeLock = null; });
    } else if (!on && state.wakeLock) {
      await state.wakeLock.release();
    }
  } catch (err) { /* not allowed here (insecure page or battery saver): the screen may dim */ }
}

function setMediaSession(track) {
  if (!('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return;
  navigator.mediaSession.metadata = new MediaMetadata({
    title: track.title, artist: track.coach || '', album: state.index.title,
    artwork: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' }],
  });
  const actions = {
    play: () => audio.play(), pause: () => audio.pause(),
    previoustrack: () => skipChapter(-1), nexttrack: () => skipChapter(1),
    seekbackward: () => seek(audio.currentTime - 10), seekforward: () => seek(audio.currentTime + 10),
    seekto: (details) => seek(details.seekTime),
  };
  for (const [action, handler] of Object.entries(actions)) {
    try { navigator.mediaSession.setActionHandler(action, handler); } catch (err) { /* unsupported action */ }
  }
}

function hashSlug() {
  const raw = location.hash.slice(1);
  try {
    return decodeURIComponent(raw);
  } catch (err) {
    return raw; // '#%' and the like are no escape (URIError): a slug no track has
  }
}

function route() {
  const slug = hashSlug();
  const track = state.index && state.index.tracks.find((t) => slugOf(t) === slug);
  if (track) {
    openTrack(track, false);
  } else {
    audio.pause();
    showPlayer(false);
  }
}

async function start() {
  $('play').addEventListener('click', () => (audio.paused ? audio.play().catch(() => {}) : audio.pause()));
  $('prev-chapter').addEventListener('click', () => skipChapter(-1));
  $('next-chapter').addEventListener('click', () => skipChapter(1));
  $('back').addEventListener('click', () => { location.hash = ''; });
  $('picture').addEventListener('click', (event) => { if (state.picture) seek(pictureTime(event)); });
  const position = $('position');
  position.addEventListener('input', () => { state.dragging = true; seek(Number(position.value)); });
  position.addEventListener('change', () => { state.dragging = false; });
  for (const event of ['timeupdate', 'seeked', 'loadedmetadata']) audio.addEventListener(event, render);
  for (const event of ['play', 'pause', 'ended']) audio.addEventListener(event, setPlaying);
  audio.addEventListener('playing', () => { if (state.track) saveForOffline(state.track); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) keepScreenOn(!audio.paused); });
  window.addEventListener('hashchange', route);
  setInterval(() => { if (!audio.paused) render(); }, 250);

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch(() => { /* offline use needs https or localhost */ });
  }
  try {
    const response = await fetch('index.json', { cache: 'no-cache' });
    if (!response.ok) throw new Error(String(response.status));
    state.index = await response.json();
  } catch (err) {
    $('status').textContent = 'No workouts here yet. Build them with: voiceguide build';
    return;
  }
  document.title = state.index.title;
  if (state.index.language) document.documentElement.lang = state.index.language;
  $('collection').textContent = state.index.title;
  $('status').textContent = state.index.tracks.length ? '' : 'No workouts here yet. Build them with: voiceguide build';
  await renderList();
  forgetOldTracks(state.index);
  route();
}

start();
