/* Marginalia: a highlight opens its note in place. Without JavaScript every note's card is
   after its paragraph, and its full text one link away on the notes page. */
(function () {
  "use strict";
  var trigger = null; // the element that opened the current note, to return focus to

  function noteFor(id) {
    return document.getElementById("note-" + id);
  }

  function setActive(id) {
    document.querySelectorAll(".mg-note--active, .mg-mark--active").forEach(function (el) {
      el.classList.remove("mg-note--active", "mg-mark--active");
    });
    if (!id) return;
    var note = noteFor(id);
    if (note) note.classList.add("mg-note--active");
    document.querySelectorAll('mark[data-note="' + id + '"]').forEach(function (mark) {
      mark.classList.add("mg-mark--active");
    });
  }

  // The card beside a highlight links to its note in full on the article's notes page.
  // Here the note opens in place: the notes page is fetched once (same site) and each
  // note's full text is copied from it when first shown. If that fails, the link remains.
  var notesPages = {}; // address of a notes page: a promise of its parsed document

  function fullText(link) {
    var url = new URL(link.getAttribute("href"), location.href);
    var page = url.origin + url.pathname;
    if (!notesPages[page]) {
      notesPages[page] = fetch(page).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
      notesPages[page].catch(function () { delete notesPages[page]; });
    }
    return notesPages[page].then(function (doc) {
      var body = doc.querySelector("#note-" + CSS.escape(link.dataset.note) + " .mg-note__body");
      if (!body) throw new Error("no such note");
      body = document.importNode(body, true);
      body.querySelectorAll("a[href]").forEach(function (a) { // relative to the notes page
        var href = a.getAttribute("href");
        if (href.charAt(0) !== "#") a.setAttribute("href", new URL(href, page).href);
      });
      return body;
    });
  }

  function showFull(note, show) {
    var toggle = note.querySelector("button.mg-note__toggle");
    if (!toggle) return;
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    var link = note.querySelector("a.mg-note__more");
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    panel.hidden = !show;
    if (!show || panel.dataset.state) return;
    panel.dataset.state = "loading";
    panel.setAttribute("aria-busy", "true");
    panel.textContent = "Loading the full note…";
    fullText(link).then(function (body) {
      panel.textContent = "";
      panel.appendChild(body);
      panel.dataset.state = "loaded";
    }, function () {
      panel.textContent = "The full note could not be loaded here. ";
      var open = link.cloneNode(false);
      open.removeAttribute("class"); // a plain link, which the stylesheet does not hide
      open.textContent = "Open it on the notes page";
      panel.appendChild(open);
      delete panel.dataset.state;
    }).then(function () { panel.removeAttribute("aria-busy"); });
  }

  document.querySelectorAll("button.mg-note__toggle").forEach(function (toggle) {
    toggle.addEventListener("click", function () {
      showFull(toggle.closest(".mg-note"), toggle.getAttribute("aria-expanded") !== "true");
    });
  });

  function openNote(id, focus) {
    var note = noteFor(id);
    if (!note) return false;
    showFull(note, true);
    setActive(id);
    var title = document.getElementById(id);
    title.scrollIntoView({ block: "start" });
    if (focus) title.focus({ preventScroll: true });
    return true;
  }

  function closeNote(note) {
    var id = note.id.replace(/^note-/, "");
    showFull(note, false);
    setActive(null);
    var back = trigger || document.querySelector('a.mg-ref[data-note="' + id + '"]');
    trigger = null;
    if (back) back.focus();
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && noteFor(id)) openNote(id, false);
  }

  fromHash();
  window.addEventListener("hashchange", fromHash);

  document.addEventListener("click", function (event) {
    var ref = event.target.closest("a.mg-ref");
    var mark = ref ? null : event.target.closest("mark.mg-mark");
    if (mark && event.target.closest("a")) return;
    var id = ref ? ref.dataset.note : mark ? mark.dataset.note : null;
    if (!id) return;
    event.preventDefault();
    trigger = ref || document.querySelector('a.mg-ref[data-note="' + id + '"]');
    if (openNote(id, true)) history.replaceState(null, "", "#" + id);
  });

  document.addEventListener("keydown", function (event) {
    // Space opens a note from its marker too, as it would from a button.
    if (event.key === " " && event.target.matches && event.target.matches("a.mg-ref")) {
      event.preventDefault();
      trigger = event.target;
      if (openNote(event.target.dataset.note, true)) {
        history.replaceState(null, "", "#" + event.target.dataset.note);
      }
      return;
    }
    if (event.key !== "Escape") return;
    var note = (event.target.closest && event.target.closest(".mg-note")) ||
      document.querySelector(".mg-note--active");
    if (note) closeNote(note);
  });

  // Wide tables scroll sideways on phones: let the keyboard reach and scroll them too.
  // (Material wraps tables once the page has loaded, so this waits for that.)
  function focusableScrollers() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    wraps.forEach(function (wrap, index) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        // a name of its own: every landmark on a page must be told apart
        var name = wraps.length > 1 ? "Table " + (index + 1) + " of " + wraps.length : "Table";
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name + " (scrolls sideways)");
      }
    });
  }
  // Material wraps each table in its scroller when it starts, as its document$ gives the page.
  if (window.document$) window.document$.subscribe(focusableScrollers);
  else window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);

  // "Copy link" beside each note's permalink, for teachers who link to single notes.
  var status = document.createElement("p");
  status.className = "mg-sr";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("button.mg-copy").forEach(function (button) {
    var link = button.previousElementSibling; // the note's permalink
    button.addEventListener("click", function () {
      var url = location.origin + location.pathname + link.getAttribute("href");
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = "Link copied";
        status.textContent = "Link to this note copied";
        setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      });
    });
  });
})();
