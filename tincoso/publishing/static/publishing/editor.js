// The item body's rich-text editor (Quill 2, vendored): it enhances the textarea
// marked data-rich-editor, which keeps working alone without JavaScript. What is
// pasted from Word keeps its headings, bold/italic, lists, tables, links and images;
// the textarea receives the editor's HTML, which the server cleans with nh3.
(function () {
  "use strict";
  function enhance(area) {
    if (!window.Quill || area.dataset.enhanced) return;
    area.dataset.enhanced = "1";
    var box = document.createElement("div");
    box.className = "rich-editor";
    area.parentNode.insertBefore(box, area.nextSibling);
    var quill = new window.Quill(box, {
      theme: "snow",
      modules: {
        table: true,
        toolbar: {
          container: [
            [{ header: [2, 3, 4, false] }],
            ["bold", "italic", "underline"],
            [{ list: "ordered" }, { list: "bullet" }, "blockquote"],
            ["link", "image", "table"],
            ["clean"],
          ],
          handlers: {
            table: function () { quill.getModule("table").insertTable(2, 2); },
            // Quill's own image button inlines a file as data:, which is not saved:
            // an image here is a web address; files are uploaded on the item's page.
            image: function () {
              var names = area.dataset.labels ? document.getElementById(area.dataset.labels) : null;
              var url = window.prompt((names && names.getAttribute("data-image-prompt")) || "URL");
              if (!url || !/^https?:\/\//i.test(url.trim())) return;
              var range = quill.getSelection(true);
              quill.insertEmbed(range.index, "image", url.trim(), "user");
              // What the picture shows, for those who cannot see it.
              var alt = window.prompt((names && names.getAttribute("data-image-alt")) || "alt");
              if (alt) quill.formatText(range.index, 1, "alt", alt.trim(), "user");
            },
          },
        },
      },
    });
    var toolbar = quill.getModule("toolbar").container;
    // Quill draws no icon for the table button; the glyph comes from CSS
    // (.ql-table::before in app.css), so the button's visible text stays empty and its
    // accessible name is only the translated label set below (axe:
    // label-content-name-mismatch flags a visible glyph missing from the name).
    // Names for the toolbar's buttons, in the page's language (data-labels: an element
    // whose data-* attributes hold them), so a screen reader can tell them apart.
    var names = area.dataset.labels ? document.getElementById(area.dataset.labels) : null;
    toolbar.querySelectorAll("button, .ql-picker-label").forEach(function (control) {
      var owner = control.classList.contains("ql-picker-label") ? control.parentNode : control;
      var name = (owner.className.match(/ql-(\w+)/) || [])[1];
      if (name === "picker") name = (owner.className.match(/ql-picker ql-(\w+)|ql-(\w+) ql-picker/) || [])[1] || "header";
      var key = name + (control.value ? "-" + control.value : "");
      var text = names && (names.getAttribute("data-" + key) || names.getAttribute("data-" + name));
      if (text) {
        control.setAttribute("aria-label", text);
        control.title = text;
      }
    });
    toolbar.querySelectorAll(".ql-header .ql-picker-item").forEach(function (option) {
      var text = names && names.getAttribute("data-header-" + (option.dataset.value || "normal"));
      if (text) option.setAttribute("aria-label", text);
    });
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    if (area.id) {
      var label = document.querySelector('label[for="' + area.id + '"]');
      if (label) {
        label.id = label.id || area.id + "-label";
        quill.root.setAttribute("aria-labelledby", label.id);
      }
    }
    // A Markdown body opens as the portal shows it (rendered on the server).
    var start = area.dataset.html ? document.getElementById(area.dataset.html) : null;
    var initial = start && start.innerHTML.trim() ? start.innerHTML : area.value;
    if (initial.trim()) quill.clipboard.dangerouslyPasteHTML(initial, "silent");
    // Unchanged, a body is saved as it was (a Markdown body stays Markdown).
    // A picture pasted as a file (from Word, a screenshot) would be kept inline as
    // data: and swell the body past its limit; the server keeps only images with a
    // web address. Such pictures are left out of what is saved, and the writer is
    // told to upload them on the item's page (data-pasted-image: the notice).
    var notice = area.dataset.pastedImage ? document.getElementById(area.dataset.pastedImage) : null;
    quill.on("text-change", function () {
      // Quill 2.0.3 writes every space as &nbsp; in its HTML: plain spaces, so
      // lines wrap and search finds the words.
      var html = quill.getLength() > 1 ? quill.getSemanticHTML().replace(/&nbsp;/g, " ") : "";
      var inline = /<img[^>]*\ssrc="data:[^"]*"[^>]*>/gi;
      if (notice) notice.hidden = !inline.test(html);
      area.value = html.replace(inline, "");
    });
    area.hidden = true;
    window.tincosoEditors = window.tincosoEditors || {};
    window.tincosoEditors[area.name] = quill;
  }
  function init() {
    document.querySelectorAll("textarea[data-rich-editor]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
