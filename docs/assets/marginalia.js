/* Marginalia: a highlight opens its note in place. Without JavaScript every note is already
   open after its paragraph; this script only folds the details away and opens on demand. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("mg-js");
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

  function openNote(id, focus) {
    var note = noteFor(id);
    if (!note) return false;
    var more = note.querySelector("details.mg-note__more");
    if (more) more.open = true;
    setActive(id);
    var title = document.getElementById(id);
    title.scrollIntoView({ block: "start" });
    if (focus) title.focus({ preventScroll: true });
    return true;
  }

  function closeNote(note) {
    var id = note.id.replace(/^note-/, "");
    var more = note.querySelector("details.mg-note__more");
    if (more) more.open = false;
    setActive(null);
    var back = trigger || document.querySelector('a.mg-ref[data-note="' + id + '"]');
    trigger = null;
    if (back) back.focus();
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && noteFor(id)) openNote(id, false);
  }

  document.querySelectorAll("details.mg-note__more").forEach(function (details) {
    details.open = false;
  });
  root.classList.remove("mg-js-pending"); // main.html folded them until now
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
  window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);

  // "Copy link" beside each note's permalink, for teachers who link to single notes.
  var status = document.createElement("p");
  status.className = "mg-sr";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("a.mg-permalink").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mg-copy";
    button.textContent = "Copy link";
    button.addEventListener("click", function () {
      var url = location.origin + location.pathname + link.getAttribute("href");
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = "Link copied";
        status.textContent = "Link to this note copied";
        setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      });
    });
    link.after(" ", button);
  });

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.mg-note__more").forEach(function (details) {
      details.open = true;
    });
  });
})();
