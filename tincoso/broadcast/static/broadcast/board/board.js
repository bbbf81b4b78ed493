/* Tin Cơ Sở electronic board (bảng tin điện tử): the kiosk page's whole logic.
   docs/device-protocol.md §9.9. Enrols with a one-time code, keeps its token in
   localStorage, pulls the signed board manifest (every 30 s, If-None-Match) and
   the signed state (every 5 s: "refresh now", screenshot requests, emergency),
   verifies every signature with WebCrypto Ed25519 and every picture's SHA-256,
   and cycles its slides from what it keeps when the server is out of reach. */
"use strict";
(() => {
  const root = document.getElementById("board");
  const cfg = root.dataset;
  const STORE = "tcs-board";
  const MEDIA_CACHE = "tcs-board-media-v1";
  const FORMAT = "tincoso-board-manifest/1";
  const STATE_FORMAT = "tincoso-board-state/1";
  const MANIFEST_EVERY = 30000, STATE_EVERY = 5000;
  const LABELS = {notice: "THÔNG BÁO", bulletin: "BẢN TIN", article: "TIN BÀI",
    qr: "GÓP Ý, PHẢN ÁNH", weather: "THỜI TIẾT", waiting: "BẢNG TIN"};
  const $ = (id) => document.getElementById(id);

  let kept = load();
  let slides = [], index = -1, timer = null, urls = new Map(), online = true;

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || "{}"); } catch (e) { return {}; }
  }
  function save() { localStorage.setItem(STORE, JSON.stringify(kept)); }
  const b64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const auth = () => ({Authorization: "Device " + kept.token});

  // The keys trusted now (protocol §2.1): the one pinned at enrolment and those learnt
  // in a rotation, each until its cut-over if it has one.
  function trustedKey(keyId) {
    const keys = {[kept.keyId]: kept.publicKey, ...(kept.keys || {})};
    const until = (kept.until || {})[keyId];
    if (!keys[keyId] || (until && Date.now() >= Date.parse(until))) return null;
    return keys[keyId];
  }

  // Keys announced by a manifest that verified: added when their id is their key's; a
  // cut-over once known never moves later.
  async function learnKeys(entries) {
    if (!Array.isArray(entries)) return;
    kept.keys = kept.keys || {};
    kept.until = kept.until || {};
    for (const entry of entries) {
      try {
        const raw = b64(entry.public_key);
        const id = hex(await crypto.subtle.digest("SHA-256", raw)).slice(0, 16);
        if (raw.length !== 32 || id !== entry.key_id) continue;
        if (id !== kept.keyId) kept.keys[id] = entry.public_key;
        const until = Date.parse(entry.until);
        const known = kept.until[id] ? Date.parse(kept.until[id]) : Infinity;
        if (!isNaN(until) && until < known) kept.until[id] = entry.until;
      } catch (e) { /* a malformed entry is ignored */ }
    }
  }

  async function verify(bytes, signature, keyId) {
    const publicKey = trustedKey(keyId);
    if (!signature || !publicKey) return false;
    try {
      const key = await crypto.subtle.importKey("raw", b64(publicKey), {name: "Ed25519"}, false, ["verify"]);
      return await crypto.subtle.verify({name: "Ed25519"}, key, b64(signature), bytes);
    } catch (e) {
      return false;  // no Ed25519 in this browser, or a malformed signature: refuse
    }
  }

  function fault(name) {
    kept.faults = Array.from(new Set([...(kept.faults || []), name])).slice(-20);
    save();
    root.dataset.fault = name;
  }

  // --- enrolment ------------------------------------------------------------------
  function codeFrom(raw) {
    const match = /code=([A-Za-z0-9 -]+)/.exec(raw);
    return (match ? match[1] : raw).trim();
  }

  function showEnrol(message) {
    $("slides").hidden = true;
    $("enrol").hidden = false;
    $("enrol-error").textContent = message || "";
    $("enrol-code").focus();
  }

  async function enrol(raw) {
    let response;
    try {
      response = await fetch(cfg.enrolUrl, {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({code: codeFrom(raw)})});
    } catch (e) {
      return showEnrol("Không kết nối được máy chủ. Hãy thử lại.");
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status !== 201) return showEnrol(answer.detail || "Mã đăng ký không hợp lệ.");
    if (answer.kind !== "board") return showEnrol("Mã này không dành cho bảng tin điện tử.");
    if (answer.public_key !== cfg.publicKey || answer.key_id !== cfg.keyId) {
      return showEnrol("Khóa ký của máy chủ không khớp: không đăng ký.");
    }
    kept = {token: answer.token, deviceId: answer.device_id, keyId: answer.key_id, publicKey: answer.public_key};
    save();
    history.replaceState(null, "", location.pathname);
    start();
  }

  // --- manifest and pictures ------------------------------------------------------
  function acceptable(manifest, text) {
    if (manifest.format !== FORMAT || manifest.device_id !== kept.deviceId) return "manifest-foreign";
    const held = kept.manifest ? JSON.parse(kept.manifest.body) : null;
    if (held && manifest.version < held.version) return "manifest-replayed";
    if (held && manifest.version === held.version && text !== kept.manifest.body) return "manifest-replayed";
    if (Date.parse(manifest.valid_until) < Date.now()) return "manifest-stale";
    if (Date.parse(manifest.issued_at) > Date.now() + 600000) return "manifest-stale";
    return "";
  }

  async function fetchMedia(manifest) {
    const cache = await caches.open(MEDIA_CACHE);
    const wanted = new Set();
    for (const slide of manifest.slides) {
      const media = slide.media;
      if (!media) continue;
      const key = "/bang-tin/media/" + media.sha256;
      wanted.add(key);
      if (await cache.match(key)) continue;
      try {
        const response = await fetch(media.url, {headers: auth()});
        if (!response.ok) continue;
        const bytes = await response.arrayBuffer();
        if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== media.sha256) {
          fault("media-hash-mismatch");
          continue;
        }
        await cache.put(key, new Response(bytes, {headers: {"Content-Type": media.content_type}}));
      } catch (e) { /* offline: the slide goes without its picture until the next pull */ }
    }
    for (const request of await cache.keys()) {
      if (!wanted.has(new URL(request.url).pathname)) await cache.delete(request);
    }
  }

  async function pullManifest(force) {
    const headers = auth();
    if (kept.manifest && !force) headers["If-None-Match"] = kept.manifest.etag;
    let response;
    try {
      response = await fetch(cfg.manifestUrl, {headers, cache: "no-store"});
    } catch (e) {
      return setOnline(false);
    }
    setOnline(true);
    if (response.status === 401) return needsEnrolment();
    if (response.status === 304 || !response.ok) return;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const ok = await verify(bytes, response.headers.get("X-Tincoso-Signature"), response.headers.get("X-Tincoso-Key-Id"));
    if (!ok) return fault("manifest-bad-signature");
    const text = new TextDecoder().decode(bytes);
    const manifest = JSON.parse(text);
    const refused = force && kept.manifest && text === kept.manifest.body ? "" : acceptable(manifest, text);
    if (refused) return fault(refused);
    await learnKeys(manifest.keys);
    await fetchMedia(manifest);
    kept.manifest = {body: text, signature: response.headers.get("X-Tincoso-Signature"),
      keyId: response.headers.get("X-Tincoso-Key-Id"), etag: response.headers.get("ETag")};
    save();
    await show(manifest);
  }

  function needsEnrolment() {
    root.dataset.fault = "needs-enrolment";
    $("net").textContent = "Cần đăng ký lại";
  }

  function setOnline(value) {
    online = value;
    root.dataset.online = value ? "yes" : "no";
    $("net").textContent = value ? "" : "Mất kết nối – đang chiếu bản đã lưu";
  }

  // --- slides ---------------------------------------------------------------------
  async function pictureUrl(media) {
    if (!media) return "";
    if (urls.has(media.sha256)) return urls.get(media.sha256);
    const cache = await caches.open(MEDIA_CACHE);
    const response = await cache.match("/bang-tin/media/" + media.sha256);
    if (!response) return "";
    const url = URL.createObjectURL(await response.blob());
    urls.set(media.sha256, url);
    return url;
  }

  async function show(manifest) {
    const list = manifest && Date.parse(manifest.valid_until) > Date.now() ? manifest.slides : [];
    const next = list.length ? list : [{id: "waiting", kind: "waiting", title: "Bảng tin đang chờ cập nhật",
      text: "", unit: manifest ? manifest.unit : "", duration_ms: 30000, media: null}];
    for (const slide of next) slide.picture = await pictureUrl(slide.media);
    const waiting = !slides.length || slides[0].kind === "waiting";
    slides = next;
    root.dataset.version = manifest ? String(manifest.version) : "";
    $("enrol").hidden = true;
    $("slides").hidden = false;
    if (index >= slides.length) index = -1;
    if (!timer || waiting) {  // the placeholder gives way at once
      clearTimeout(timer);
      index = -1;
      advance();
    }
  }

  function advance() {
    index = (index + 1) % slides.length;
    const slide = slides[index];
    $("slide").className = "kind-" + slide.kind;
    $("slide-label").textContent = LABELS[slide.kind] || "";
    $("slide-unit").textContent = slide.unit || "";
    $("slide-title").textContent = slide.title;
    $("slide-text").textContent = slide.text;
    const image = $("slide-image");
    image.hidden = !slide.picture;
    if (slide.picture) image.src = slide.picture; else image.removeAttribute("src");
    root.dataset.slide = slide.id;
    root.dataset.shown = String(Number(root.dataset.shown || 0) + 1);
    timer = setTimeout(advance, Math.max(1000, slide.duration_ms));
  }

  function tick() {
    const now = new Date();
    $("clock").textContent = now.toLocaleString("vi-VN", {hour: "2-digit", minute: "2-digit",
      weekday: "long", day: "2-digit", month: "2-digit", year: "numeric"});
  }

  // --- state: refresh now, screenshots, emergency ---------------------------------
  async function pollState() {
    const headers = auth();
    if (kept.stateEtag) headers["If-None-Match"] = kept.stateEtag;
    let response;
    try {
      response = await fetch(cfg.stateUrl, {headers, cache: "no-store"});
    } catch (e) {
      setOnline(false);
      return takeover(kept.state ? kept.state.emergency : null);
    }
    setOnline(true);
    if (response.status === 401) return needsEnrolment();
    if (response.status === 304 || !response.ok) {
      takeover(kept.state ? kept.state.emergency : null);
      return catchUp(kept.state);  // a pull that failed or was refused is retried
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!await verify(bytes, response.headers.get("X-Tincoso-Signature"), response.headers.get("X-Tincoso-Key-Id"))) {
      return fault("message-bad-signature");
    }
    const state = JSON.parse(new TextDecoder().decode(bytes));
    if (state.format !== STATE_FORMAT || state.device_id !== kept.deviceId) return fault("message-bad-signature");
    const before = kept.state || {};
    kept.state = state;
    kept.stateEtag = response.headers.get("ETag");
    save();
    takeover(state.emergency);
    if (before.refresh !== undefined && state.refresh !== before.refresh) {
      await pullManifest(true);
      navigator.serviceWorker && navigator.serviceWorker.getRegistration().then((r) => r && r.update());
    } else {
      await catchUp(state);
    }
    if (state.screenshot > (before.screenshot === undefined ? 0 : before.screenshot)) await sendScreenshot();
  }

  async function catchUp(state) {
    const held = kept.manifest ? JSON.parse(kept.manifest.body).version : 0;
    if (state && state.manifest_version > held) await pullManifest(false);
  }

  function takeover(emergency) {
    const active = emergency && (!emergency.expires_at || Date.parse(emergency.expires_at) > Date.now());
    $("emergency").hidden = !active;
    root.dataset.emergency = active ? String(emergency.id) : "";
    if (!active) return;
    $("emergency-label").textContent = emergency.exercise ? "DIỄN TẬP – KHÔNG PHẢI THẬT" : "CẢNH BÁO KHẨN CẤP";
    $("emergency").className = emergency.exercise ? "exercise" : "";
    $("emergency-title").textContent = emergency.title;
    $("emergency-text").textContent = emergency.text;
  }

  // --- screenshot: the page draws what it shows on a canvas (not a pixel grab) ----
  function wrap(ctx, text, x, y, width, lineHeight, maxLines) {
    let line = "", lines = 0;
    for (const word of String(text || "").split(/\s+/)) {
      const attempt = line ? line + " " + word : word;
      if (ctx.measureText(attempt).width > width && line) {
        ctx.fillText(line, x, y);
        y += lineHeight; line = word;
        if (++lines >= maxLines) return y;
      } else line = attempt;
    }
    if (line) ctx.fillText(line, x, y);
    return y + lineHeight;
  }

  function draw(ctx, withPicture) {
    const W = 1280, H = 720;
    const emergency = !$("emergency").hidden;
    ctx.fillStyle = emergency ? "#b00000" : getComputedStyle($("slide")).backgroundColor;
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = "#ffffff";
    ctx.font = "bold 34px sans-serif";
    const label = emergency ? $("emergency-label").textContent : $("slide-label").textContent;
    ctx.fillText(label, 48, 70);
    ctx.font = "bold 56px sans-serif";
    const y = wrap(ctx, emergency ? $("emergency-title").textContent : $("slide-title").textContent, 48, 160, W - 96, 66, 3);
    ctx.font = "34px sans-serif";
    const image = $("slide-image");
    const pictured = !emergency && withPicture && !image.hidden && image.complete && image.naturalWidth;
    wrap(ctx, emergency ? $("emergency-text").textContent : $("slide-text").textContent, 48, y + 20,
      pictured ? W / 2 - 72 : W - 96, 44, 10);
    if (pictured) ctx.drawImage(image, W / 2, y, W / 2 - 48, H - y - 48);
  }

  async function sendScreenshot() {
    const canvas = document.createElement("canvas");
    canvas.width = 1280; canvas.height = 720;
    const ctx = canvas.getContext("2d");
    draw(ctx, true);
    let blob = await new Promise((done) => { try { canvas.toBlob(done, "image/png"); } catch (e) { done(null); } });
    if (!blob) { draw(ctx, false); blob = await new Promise((done) => canvas.toBlob(done, "image/png")); }
    try {
      await fetch(cfg.screenshotUrl, {method: "POST", body: blob,
        headers: {...auth(), "Content-Type": "image/png", "X-Tincoso-Slide": root.dataset.slide || ""}});
    } catch (e) { /* offline: the officer asks again */ }
  }

  // --- start ----------------------------------------------------------------------
  async function start() {
    $("enrol").hidden = true;
    let manifest = null;
    if (kept.manifest) {
      const ok = await verify(new TextEncoder().encode(kept.manifest.body), kept.manifest.signature, kept.manifest.keyId);
      manifest = ok ? JSON.parse(kept.manifest.body) : null;
    }
    await show(manifest);
    takeover(kept.state ? kept.state.emergency : null);
    await pullManifest(false);
    await pollState();
    setInterval(() => pullManifest(false), MANIFEST_EVERY);
    setInterval(pollState, STATE_EVERY);
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.swUrl, {scope: cfg.scope}).catch(() => fault("no-service-worker"));
  }
  $("enrol-form").addEventListener("submit", (event) => {
    event.preventDefault();
    enrol($("enrol-code").value);
  });
  tick();
  setInterval(tick, 15000);
  const fromLink = /code=/.test(location.hash) ? location.hash : "";
  if (kept.token) start();
  else if (fromLink) enrol(fromLink);
  else showEnrol("");
})();
