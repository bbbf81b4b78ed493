// The original PDF beside a document's parsed fields, drawn by PDF.js (vendored).
// Pages are drawn only when scrolled near, at the pane's width ("fit width") times
// the zoom; the file comes from the access-checked file route of the page.
const viewer = document.getElementById("pdf-viewer");

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

async function start() {
  const pdfjs = await import(viewer.dataset.pdfjs);
  pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;
  const status = viewer.querySelector(".pdf-status");
  const pagesBox = viewer.querySelector(".pdf-pages");
  const label = viewer.querySelector(".pdf-page-label");
  const toolbar = viewer.querySelector(".pdf-toolbar");
  let pdf;
  try {
    // No eval (our CSP forbids it); fonts the file does not embed come from the system;
    // JBIG2 and JPEG 2000 scans decoded by the vendored JavaScript decoders (the CSP
    // allows no WebAssembly, so PDF.js is told not to try it).
    pdf = await pdfjs.getDocument({
      url: viewer.dataset.url,
      useWasm: false,
      wasmUrl: viewer.dataset.decoders,
      withCredentials: true,
      isEvalSupported: false,
      useSystemFonts: true,
    }).promise;
  } catch (error) {
    status.textContent = viewer.dataset.error;
    status.setAttribute("role", "alert");
    console.error(error);
    return;
  }
  status.hidden = true;
  let zoom = 1;
  let current = 1;
  const drawn = new Map(); // page number -> width it was drawn at

  const slots = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const slot = document.createElement("div");
    slot.className = "pdf-page";
    slot.dataset.page = String(n);
    slot.style.minHeight = "20rem";
    pagesBox.appendChild(slot);
    slots.push(slot);
  }

  function showLabel() {
    label.textContent = format(viewer.dataset.pageLabel, { page: current, pages: pdf.numPages });
  }

  async function draw(slot) {
    const n = Number(slot.dataset.page);
    const width = Math.floor(pagesBox.clientWidth * zoom);
    if (!width || drawn.get(n) === width) return;
    drawn.set(n, width);
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / base.width });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", format(viewer.dataset.pageAlt, { page: n }));
    const transform = ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined;
    // Annotations drawn too: the signing stamp (number, date) is one, and there is no
    // form layer above the canvas to show them otherwise.
    const annotationMode = pdfjs.AnnotationMode.ENABLE;
    await page
      .render({ canvas, canvasContext: canvas.getContext("2d"), viewport, transform, annotationMode })
      .promise;
    slot.replaceChildren(canvas);
    slot.style.minHeight = "";
    slot.dataset.drawn = "true";
  }

  const near = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) draw(entry.target);
      }
    },
    { root: null, rootMargin: "200px 0px" },
  );
  for (const slot of slots) near.observe(slot);

  // The current page is the first one whose lower half is still in view (several
  // pages fit on a narrow screen; the topmost is the one being read).
  function track() {
    const pane = viewer.closest(".original-pane") || pagesBox;
    const top = Math.max(0, pane.getBoundingClientRect().top) + toolbar.offsetHeight;
    const first = slots.find((slot) => {
      const box = slot.getBoundingClientRect();
      return box.top + box.height / 2 > top;
    });
    if (first) {
      current = Number(first.dataset.page);
      showLabel();
    }
  }
  let tracking;
  // Captured: the pane scrolls by itself on a wide screen, the window on a phone.
  document.addEventListener(
    "scroll",
    () => {
      cancelAnimationFrame(tracking);
      tracking = requestAnimationFrame(track);
    },
    { capture: true, passive: true },
  );
  showLabel();

  function redraw() {
    for (const slot of slots) {
      const box = slot.getBoundingClientRect();
      if (box.bottom > -200 && box.top < window.innerHeight + 200) draw(slot);
      else drawn.delete(Number(slot.dataset.page)); // drawn again at the new size when seen
    }
  }

  function go(n) {
    current = Math.min(Math.max(n, 1), pdf.numPages);
    slots[current - 1].scrollIntoView({ block: "start" });
    showLabel();
  }

  toolbar.addEventListener("click", (event) => {
    const action = event.target.closest("button")?.dataset.action;
    if (action === "prev") go(current - 1);
    else if (action === "next") go(current + 1);
    else if (action === "zoom-in") zoom = Math.min(zoom * 1.25, 4);
    else if (action === "zoom-out") zoom = Math.max(zoom / 1.25, 0.25);
    else if (action === "fit") zoom = 1;
    if (action === "fit" || action?.startsWith("zoom")) redraw();
  });
  let resizing;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(redraw, 200);
  });
}

if (viewer) {
  const pane = viewer.closest("details");
  // A closed pane (the phone layout starts with the fields) loads nothing until opened.
  if (pane && !pane.open) {
    pane.addEventListener("toggle", () => pane.open && start(), { once: true });
  } else {
    start();
  }
}
