/* Marginalia: a highlight opens its note in place. Without JavaScript every note's card is
   after its paragraph, and its full text one link away on the notes page. With it, the notes
   start compact (the stylesheet), each title a button that opens its note; one control opens
   every note (remembered on this device), and a filter shows the notes of one kind, verdict
   or technique. */
(function () {
  "use strict";
  var trigger = null; // the element that opened the current note, to return focus to
  var root = document.documentElement;

  function layout() {
    if (window.mgLayout) window.mgLayout(); // overrides/main.html: notes in the margin
  }

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
      layout();
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
      layout();
    });
  });

  // A compact note's title is a button that opens the note in place (its summary and links;
  // "Full note" then as before). With every note open, the titles are plain headings again.
  var compact = document.querySelectorAll(".mg-notes > .mg-note");

  function setOpen(note, open) {
    note.classList.toggle("mg-note--open", open);
    var button = note.querySelector("button.mg-note__open");
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function titleButtons(on) {
    compact.forEach(function (note) {
      var title = note.querySelector(".mg-note__title");
      var button = title.querySelector("button.mg-note__open");
      if (on && !button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "mg-note__open";
        button.setAttribute("aria-controls", note.id);
        while (title.firstChild) button.appendChild(title.firstChild);
        title.appendChild(button);
        setOpen(note, note.classList.contains("mg-note--open"));
      } else if (!on && button) {
        while (button.firstChild) title.appendChild(button.firstChild);
        button.remove();
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.mg-note__open");
    if (!button) return;
    var note = button.closest(".mg-note");
    trigger = button;
    if (note.classList.contains("mg-note--open")) {
      closeNote(note);
    } else {
      setOpen(note, true);
      setActive(note.id.replace(/^note-/, ""));
      layout();
    }
  });

  function openNote(id, focus) {
    var note = noteFor(id);
    if (!note) return false;
    setOpen(note, true);
    showFull(note, true);
    setActive(id);
    layout();
    var title = document.getElementById(id);
    var margin = getComputedStyle(note.parentNode).position === "absolute";
    title.scrollIntoView({ block: margin ? "nearest" : "start" });
    if (focus) title.focus({ preventScroll: true });
    return true;
  }

  function closeNote(note) {
    var id = note.id.replace(/^note-/, "");
    setOpen(note, false);
    showFull(note, false);
    setActive(null);
    layout();
    var back = trigger || document.querySelector('a.mg-ref[data-note="' + id + '"]');
    trigger = null;
    if (back) back.focus();
  }

  // "Open every note": every card in full beside its paragraph, remembered on this device.
  var tools = document.querySelector(".mg-tools");
  var openAll = tools && tools.querySelector("button.mg-open-all");
  function setAll(on) {
    root.classList.toggle("mg-all", on);
    if (openAll) openAll.setAttribute("aria-pressed", on ? "true" : "false");
    titleButtons(!on);
    try {
      if (on) localStorage.setItem("mg-open-all", "1");
      else localStorage.removeItem("mg-open-all");
    } catch (e) { /* storage refused: the choice lasts for this page */ }
    layout();
  }
  // The title buttons in a task of their own, after the rest of the start: the main thread is
  // never held long (Lighthouse's total blocking time). Until then a highlight opens its note.
  setTimeout(function () {
    if (compact.length) titleButtons(!root.classList.contains("mg-all"));
    root.dataset.mgNotes = "ready";
  }, 0);
  if (openAll) {
    openAll.setAttribute("aria-pressed", root.classList.contains("mg-all") ? "true" : "false");
    openAll.addEventListener("click", function () {
      setAll(openAll.getAttribute("aria-pressed") !== "true");
    });
  }

  // The filter: only the notes of one kind, verdict or technique; the others' highlights fade.
  var filter = tools && tools.querySelector("#mg-filter");
  var filterStatus = tools && tools.querySelector(".mg-filter__status");
  function applyFilter(value) {
    var parts = (value || "").split(":"), facet = parts[0], key = parts[1], shown = 0;
    compact.forEach(function (note) {
      var d = note.dataset, keep = !value ||
        (facet === "kind" && d.kind === key) || (facet === "verdict" && d.verdict === key) ||
        (facet === "technique" && (" " + d.techniques + " ").indexOf(" " + key + " ") >= 0);
      var id = note.id.replace(/^note-/, "");
      note.classList.toggle("mg-filtered", !keep);
      document.querySelectorAll('[data-note="' + id + '"]').forEach(function (el) {
        if (el.matches("mark.mg-mark, a.mg-ref")) el.classList.toggle("mg-filtered", !keep);
      });
      if (keep) shown++;
    });
    if (filterStatus) {
      filterStatus.textContent = value ? "Showing " + shown + " of " + compact.length + " notes" : "";
    }
    layout();
  }
  if (tools && compact.length) {
    tools.hidden = false;
    filter.addEventListener("change", function () { applyFilter(filter.value); });
    // the summary's counts lead to the same filters
    document.querySelectorAll("a[data-filter]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        filter.value = link.dataset.filter;
        applyFilter(filter.value);
        tools.scrollIntoView({ block: "start" });
        filter.focus({ preventScroll: true });
      });
    });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(layout);
  });

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

  // Worksheets: a print button; each printed address becomes the full address the page
  // was opened at, so that students can type it from paper.
  document.querySelectorAll("button.mg-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("a.mg-addr").forEach(function (link) {
    if (!/^https?:/.test(link.textContent)) link.textContent = link.href;
  });
  // Practice mode: ?set=<lesson> opens that lesson's practice set (each set has its own page,
  // which works without JavaScript too).
  var set = new URLSearchParams(location.search).get("set");
  if (set) {
    var page = document.querySelector('a[data-set="' + CSS.escape(set) + '"]');
    if (page) location.replace(page.href);
  }

  // Search (overrides/partials/search.html): Pagefind's index, split into small files, is
  // fetched only once the reader starts to search, and only the parts a query needs. Each
  // result leads to its page, or to the note whose heading it matched, and the words found
  // are marked there (Pagefind's highlight script, fetched only on such a visit).
  var searchForm = document.getElementById("mg-search");
  var searchToggle = document.getElementById("__search");
  var base = searchForm && new URL(searchForm.getAttribute("data-pagefind"), location.href).href;
  if (searchForm && searchToggle) {
    var searchInput = document.getElementById("mg-search-input");
    var resultList = document.getElementById("mg-search-results");
    var searchStatus = document.getElementById("mg-search-status");
    var engine = null; // a promise of Pagefind, made on the first search
    var asked = 0; // the latest query's number: slower answers to older ones are dropped
    var idleStatus = searchStatus.textContent; // what this page's search covers

    var pagefind = function () {
      if (!engine) {
        var shards = (searchForm.getAttribute("data-pagefind-merge") || "").split(" ")
          .filter(Boolean);
        engine = import(base + "pagefind.js").then(function (found) {
          var root = new URL(base + "../").pathname;
          var options = { baseUrl: root, highlightParam: "highlight" };
          return found.options(options).then(function () {
            return Promise.all(shards.map(function (shard) { // the notes' indexes
              return found.mergeIndex(base + shard + "/", options).catch(function () {});
            }));
          }).then(function () {
            return found;
          });
        });
      }
      return engine;
    };
    var escapeText = function (text) {
      var span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    };
    var resultLink = function (url, title, excerpt, main) {
      return '<a href="' + escapeText(url) + '" class="md-search-result__link">' +
        '<div class="md-search-result__article md-typeset' + (main ? " mg-result--page" : "") +
        '"><p class="mg-result__title">' + escapeText(title) + "</p>" +
        (excerpt ? "<p>" + excerpt + "</p>" : "") + "</div></a>";
    };
    var runSearch = function (query) {
      var mine = ++asked;
      if (!query.trim()) {
        resultList.innerHTML = "";
        searchStatus.textContent = idleStatus;
        return;
      }
      searchStatus.textContent = "Searching…";
      pagefind().then(function (found) {
        return found.debouncedSearch(query, {}, 200);
      }).then(function (search) {
        if (search === null || mine !== asked) return null; // a newer query came
        return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }))
          .then(function (pages) {
            if (mine !== asked) return;
            var count = search.results.length;
            searchStatus.textContent = count === 0 ? "Nothing found" :
              (count === 1 ? "1 result" : count + " results") +
              (count > 10 ? ", the first 10 shown" : "");
            resultList.innerHTML = pages.map(function (page) {
              var title = (page.meta && page.meta.title) || page.url;
              if (page.meta && page.meta.target) { // a note, indexed on its own: lead to it
                var found = new URL(page.url, location.href).searchParams.get("highlight");
                var target = page.meta.target.split("#");
                page.url = target[0] + (found ? "?highlight=" + encodeURIComponent(found) : "") +
                  (target[1] ? "#" + target[1] : "");
                page.sub_results = [];
                if (page.meta.article) title += " (" + page.meta.article + ")";
              }
              var subs = (page.sub_results || []).filter(function (s) {
                return s.url !== page.url && s.title !== title; // not the page's own heading
              }).slice(0, 3);
              return '<li class="md-search-result__item">' +
                resultLink(page.url, title, subs.length ? "" : page.excerpt, true) +
                subs.map(function (s) { return resultLink(s.url, s.title, s.excerpt, false); }).join("") +
                "</li>";
            }).join("");
          });
      }).catch(function () {
        engine = null; // the next query tries again
        searchStatus.textContent = "Search could not load: it needs the website, not a copy on disk";
      });
    };
    searchInput.addEventListener("input", function () { runSearch(searchInput.value); });
    searchInput.addEventListener("focus", function () {
      searchToggle.checked = true; // the search opens as the reader starts, as Material's does
      pagefind(); // and its code starts to come
    });
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = resultList.querySelector("a");
      if (first) location.href = first.href;
    });
    searchToggle.addEventListener("change", function () {
      if (searchToggle.checked) searchInput.focus();
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) ||
        event.target.isContentEditable;
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        searchToggle.checked = true;
        searchInput.focus();
      } else if (searchToggle.checked && event.key === "Escape") {
        searchToggle.checked = false;
        searchInput.blur();
      } else if (searchToggle.checked && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        var links = [searchInput].concat(Array.prototype.slice.call(resultList.querySelectorAll("a")));
        var at = links.indexOf(document.activeElement);
        if (at === -1) return;
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        links[Math.max(0, Math.min(links.length - 1, next))].focus();
      }
    });
  }
  // A visit from a search result: the words found, marked on the page.
  if (searchForm && new URLSearchParams(location.search).has("highlight")) {
    import(base + "pagefind-highlight.js").then(function () {
      new window.PagefindHighlight({ highlightParam: "highlight", markContext: ".md-content" });
    }).catch(function () {});
  }

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
