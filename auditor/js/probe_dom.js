// Static measurements for barriers axe-core does not test: styled text posing as headings,
// images of text, links told apart by colour alone, fields without a visible label, selects
// that navigate on change, focus thrown away on focus, mouse-only controls, layout tables,
// skip links, meta refresh and logout timers. One pass in the page; lists and strings are capped
// (js/cap.js), and `cut` says what was cut.
(() => {
  const MAX_ITEMS = 30, MAX_ELEMENTS = 4000, MAX_SCRIPT = 5000;
  /* include: page-lib */
  // Not exposed to anyone: hidden from assistive technology or made inert (ACT "included in the accessibility tree").
  const exposed = (el) => !el.closest("[aria-hidden=true i], [inert], [hidden]");
  const item = (el, extra) => Object.assign({ selector: cssPath(el), tag: el.localName, text: clean(el.innerText || el.getAttribute("alt") || "").slice(0, 120), box: box(el) }, extra || {});
  const firstItems = (list) => list.slice(0, MAX_ITEMS);
  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => { const t = id && document.getElementById(id); return t ? t.textContent : ""; }).join(" "));
  const all = Array.from(document.body ? document.body.querySelectorAll("*") : []).slice(0, MAX_ELEMENTS);

  // The body text size: the font size carrying the most characters.
  const sizes = new Map();
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(), i = 0; n && i < 20000; n = walker.nextNode(), i++) {
    const len = clean(n.textContent).length;
    if (!len || !n.parentElement) continue;
    const size = Math.round(parseFloat(getComputedStyle(n.parentElement).fontSize));
    sizes.set(size, (sizes.get(size) || 0) + len);
  }
  const baseSize = sizes.size ? Array.from(sizes.entries()).sort((a, b) => b[1] - a[1])[0][0] : 16;

  // Text that looks like a heading (short, alone in its block, larger or bold) but is not marked up as one.
  const NOT_HEADING = "h1,h2,h3,h4,h5,h6,[role=heading],a,button,label,legend,caption,th,summary,select,option,textarea,nav,[role=navigation],header";
  const BLOCK = new Set(["block", "table-cell", "list-item", "flex", "grid"]);
  const textStyle = (el) => {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let size = 0, bold = true, any = false;
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (!clean(n.textContent) || !n.parentElement) continue;
      const s = getComputedStyle(n.parentElement);
      any = true;
      size = Math.max(size, parseFloat(s.fontSize));
      bold = bold && parseInt(s.fontWeight, 10) >= 600;
    }
    return any ? { size, bold } : null;
  };
  // A list whose items are mostly links is a menu: its current item (bold, often not a link) is not a heading.
  const inMenu = (el) => {
    const list = el.closest("ul, ol, menu, [role=menu], [role=menubar], [role=list]");
    if (!list) return false;
    const items = Array.from(list.children);
    return items.length >= 2 && items.filter((i) => i.querySelector("a, button, [role=link], [role=menuitem]")).length * 2 >= items.length;
  };
  const fakeHeadings = [];
  for (const el of all) {
    if (fakeHeadings.length >= MAX_ITEMS) break;
    if (!BLOCK.has(getComputedStyle(el).display) || el.closest(NOT_HEADING) || inMenu(el) || !exposed(el)
        || el.querySelector("h1,h2,h3,h4,h5,h6,[role=heading],p,div,table,ul,ol,input,select,textarea,button,img,a")) continue;
    const text = clean(el.innerText);
    if (text.length < 3 || text.length > 80 || text.split(" ").length > 10 || /[.,;:!?]$/.test(text) || !/[a-z]/i.test(text) || !isVisible(el)) continue;
    const style = textStyle(el);
    if (!style) continue;
    const ratio = style.size / baseSize;
    if (ratio >= 1.3 || (style.bold && ratio >= 1.15)) fakeHeadings.push(item(el, { font_size: style.size, base_size: baseSize, bold: style.bold }));
  }

  // Images that render words: short and wide, alone in a link or carrying a text alt. Logos are exempt (1.4.5).
  const LOGO = /logo|brand|crest/i;
  const imagesOfText = [];
  for (const img of document.querySelectorAll("img, input[type=image]")) {
    if (imagesOfText.length >= MAX_ITEMS) break;
    if (!isVisible(img)) continue;
    const r = img.getBoundingClientRect();
    if (r.height < 8 || r.height > 60 || r.width < 40 || r.width < 2.5 * r.height) continue;
    const alt = cap(clean(img.getAttribute("alt")), MAX_NAME, "images_of_text.alt");
    const context = [img, img.parentElement, img.parentElement && img.parentElement.parentElement].filter(Boolean)
      .map((e) => `${e.getAttribute("src") || ""} ${e.id} ${e.getAttribute("class") || ""} ${e.getAttribute("alt") || ""}`).join(" ");
    const control = img.closest("a[href], button");
    const alone = !!control && clean(control.innerText) === "";
    if (LOGO.test(context) || alt === "" && img.hasAttribute("alt") && !alone) continue;   // logo, or marked decorative
    if (alone || /[a-z0-9]{2,}/i.test(alt)) imagesOfText.push(item(img, { src: (img.getAttribute("src") || "").slice(0, 200), alt, in_link: !!alone }));
  }

  // Links in running text that only colour tells apart from the words around them (F73).
  const colourOnly = [];
  for (const a of document.querySelectorAll("a[href]")) {
    if (colourOnly.length >= MAX_ITEMS) break;
    const text = clean(a.innerText);
    if (!text || !isVisible(a)) continue;
    let block = a.parentElement;
    while (block && !BLOCK.has(getComputedStyle(block).display)) block = block.parentElement;
    if (!block || block.closest("nav,[role=navigation],ul,ol,menu")) continue;
    const around = clean(block.innerText).replace(text, "");
    if (around.replace(/[^a-z]/gi, "").length < 10) continue;
    const ls = getComputedStyle(a), bs = getComputedStyle(a.parentElement);
    const cue = ls.textDecorationLine.includes("underline") || ls.textDecorationLine.includes("overline")
      || Math.abs(parseInt(ls.fontWeight, 10) - parseInt(bs.fontWeight, 10)) >= 200 || ls.fontStyle !== bs.fontStyle
      || ls.borderBottomStyle !== "none" && parseFloat(ls.borderBottomWidth) > 0 || ls.backgroundColor !== bs.backgroundColor
      || ls.fontFamily !== bs.fontFamily || a.querySelector("img");
    if (!cue) colourOnly.push(item(a, { color: ls.color, text_color: bs.color }));
  }

  // Form fields and where their name comes from; title and placeholder are not visible labels.
  const fields = [];
  for (const el of document.querySelectorAll("input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea")) {
    if (fields.length >= 200) break;
    if (!isVisible(el) || !exposed(el) || el.matches("[role=none], [role=presentation]") && (el.disabled || el.tabIndex < 0)) continue;
    let source = "none";
    if (clean(el.getAttribute("aria-labelledby"))) source = "labelledby";
    else if (el.labels && Array.from(el.labels).some((l) => clean(l.innerText))) source = "label";
    else if (clean(el.getAttribute("aria-label"))) source = "aria-label";
    else if (clean(el.getAttribute("title"))) source = "title";
    else if (clean(el.getAttribute("placeholder"))) source = "placeholder";
    if (source === "label" || source === "labelledby") continue;
    // A lone field can take its visible label from its surroundings: the legend of its own
    // fieldset, or the button next to it (a search box with a "Search" button).
    const FILLABLE = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea";
    const fieldset = el.closest("fieldset");
    const legend = fieldset && fieldset.querySelector("legend");
    const scope = el.form || el.parentElement;
    let context = "";
    if (legend && clean(legend.innerText) && fieldset.querySelectorAll(FILLABLE).length === 1) context = "legend";
    else if (scope && scope.querySelectorAll(FILLABLE).length === 1 && scope.querySelector("button, input[type=submit], input[type=image]")) context = "button";
    fields.push(item(el, { source, type: cap(el.getAttribute("type") || el.localName, MAX_WORD, "type").toLowerCase(),
                           name: cap(el.getAttribute("name"), MAX_NAME, "name"),
                           visible_context: context }));
  }

  // Required fields told apart by the colour of their label alone (F81): within a form, the labels of
  // required fields differ from the others' in colour, not in words ("*", "required") or weight.
  const colourOnlyRequired = [];
  const MARKER = /\*|required|mandatory|must|optional|gofynnol/i;
  for (const form of Array.from(document.forms).slice(0, 20)) {
    const labelled = Array.from(form.querySelectorAll("label")).map((l) => ({ l, field: l.control })).filter((x) => x.field && isVisible(x.l) && clean(x.l.innerText));
    const required = labelled.filter((x) => x.field.required || x.field.getAttribute("aria-required") === "true");
    const optional = labelled.filter((x) => !required.includes(x));
    if (!required.length || !optional.length || labelled.some((x) => MARKER.test(x.l.innerText))) continue;
    const look = (l) => { const st = getComputedStyle(l); return { color: st.color, cue: `${st.fontWeight}|${st.fontStyle}|${st.textDecorationLine}` }; };
    const req = required.map((x) => look(x.l)), opt = optional.map((x) => look(x.l));
    const sameCue = new Set([...req, ...opt].map((x) => x.cue)).size === 1;
    const reqColours = new Set(req.map((x) => x.color)), optColours = new Set(opt.map((x) => x.color));
    if (sameCue && reqColours.size === 1 && optColours.size === 1 && [...reqColours][0] !== [...optColours][0]) {
      colourOnlyRequired.push(item(form, { required: required.map((x) => clean(x.l.innerText)).join(", ").slice(0, 120),
                                           color: [...reqColours][0], other_color: [...optColours][0] }));
    }
  }

  // Controls that change context as soon as their value changes (3.2.2).
  const NAVIGATES = /location|\.submit\s*\(|window\.open|\bhref\b|navigate/i;
  const changeNavigation = firstItems(Array.from(document.querySelectorAll("[onchange]"))
    .filter((el) => NAVIGATES.test(el.getAttribute("onchange")))
    .map((el) => item(el, { handler: el.getAttribute("onchange").slice(0, 200) })));

  // Script that throws focus away the moment it arrives (F55).
  const focusBlur = firstItems(Array.from(document.querySelectorAll("[onfocus]"))
    .filter((el) => /blur\s*\(/.test(el.getAttribute("onfocus")))
    .map((el) => item(el, { handler: el.getAttribute("onfocus").slice(0, 120) })));

  // Controls only a mouse can use: click handlers or button/link roles on elements that take no focus.
  const NATIVE = "a[href], button, input, select, textarea, summary, area[href], [contenteditable=true]";
  const mouseOnly = firstItems(all.filter((el) => (el.hasAttribute("onclick") || el.hasAttribute("onmousedown") || /^(button|link|menuitem|tab|checkbox)$/.test(el.getAttribute("role") || ""))
      && !el.matches(NATIVE) && !el.hasAttribute("tabindex") && !el.closest(NATIVE) && isVisible(el))
    .map((el) => item(el, { handler: (el.getAttribute("onclick") || el.getAttribute("onmousedown") || `role=${el.getAttribute("role")}`).slice(0, 120) })));

  const jsLinks = firstItems(Array.from(document.querySelectorAll("a[href]")).filter((a) => /^\s*javascript:/i.test(a.getAttribute("href")))
    .map((a) => item(a, { href: a.getAttribute("href").slice(0, 200), name: cap(clean(a.innerText || a.getAttribute("aria-label") || Array.from(a.querySelectorAll("img")).map((i) => i.alt || "").join(" ")), MAX_NAME, "name") })));

  // Tables used for layout: no header cells, caption or summary; nesting depth says how deep the grid goes.
  const layoutTables = [];
  for (const t of document.querySelectorAll("table")) {
    if (/^(presentation|none)$/.test(t.getAttribute("role") || "") || t.parentElement && t.parentElement.closest("table")) continue;
    let depth = 1;
    for (let inner = t.querySelectorAll("table"), d = 2; inner.length && d < 10; d++) {
      depth = d;
      inner = Array.from(inner).flatMap((x) => Array.from(x.querySelectorAll("table")));
    }
    const data = t.querySelector("th, caption, thead") || t.hasAttribute("summary");
    if (depth >= 2 || !data) layoutTables.push(item(t, { nested_depth: depth, has_header_cells: !!t.querySelector("th"), cells: t.querySelectorAll("td").length }));
    if (layoutTables.length >= MAX_ITEMS) break;
  }

  // Data tables whose header row is only styled (F91): a grid of three or more rows of the same width,
  // short text in every cell, a first row set apart (bold, or another background), and no header cell.
  const styledHeaders = [];
  for (const t of document.querySelectorAll("table")) {
    if (styledHeaders.length >= MAX_ITEMS) break;
    if (t.querySelector("th, [role=columnheader], [role=rowheader], table") || /^(presentation|none)$/.test(t.getAttribute("role") || "") || !isVisible(t)) continue;
    const rows = Array.from(t.rows).slice(0, 50);
    const width = rows.length ? rows[0].cells.length : 0;
    if (rows.length < 3 || width < 2 || rows.some((r) => r.cells.length !== width)) continue;
    const cells = rows.flatMap((r) => Array.from(r.cells));
    if (cells.some((c) => c.querySelector("p, div, ul, ol, form, input, select, textarea, img") || clean(c.innerText).length > 80 || !clean(c.innerText))) continue;
    const weight = (c) => Math.max(parseInt(getComputedStyle(c).fontWeight, 10), ...Array.from(c.querySelectorAll("*")).map((e) => parseInt(getComputedStyle(e).fontWeight, 10)));
    const bg = (r) => getComputedStyle(r.cells[0]).backgroundColor + getComputedStyle(r).backgroundColor;
    const head = Array.from(rows[0].cells), body = Array.from(rows[1].cells);
    const boldHead = head.every((c) => weight(c) >= 600) && body.every((c) => weight(c) < 600);
    if (boldHead || bg(rows[0]) !== bg(rows[1]) && bg(rows[1]) === bg(rows[2])) {
      styledHeaders.push(item(t, { rows: rows.length, columns: width, header: head.map((c) => clean(c.innerText)).join(" | ").slice(0, 120) }));
    }
  }

  // The first in-page link among the first few focusable elements: a skip link, and whether it lands.
  const tabStops = focusables();
  const early = tabStops.slice(0, 5).find((el) => el.localName === "a" && /^#./.test(el.getAttribute("href") || ""));
  let skipLink = null;
  if (early) {
    const id = decodeURIComponent(early.getAttribute("href").slice(1));
    const target = document.getElementById(id) || document.getElementsByName(id)[0] || null;
    skipLink = { selector: cssPath(early), text: clean(early.innerText).slice(0, 120), target: cap(id, MAX_NAME, "skip_link.target"), target_exists: !!target };
  }


  // Bypass blocks (ACT cf77f2 and its parts): landmarks, headings after the first focusable element
  // (a heading that starts the content a block of links precedes), and how many focusable elements
  // come before the content starts (the first heading, main, or a run of text of 80+ characters).
  const LANDMARKS = "main, nav, header, footer, aside, [role=main], [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search], [role=region][aria-label], [role=region][aria-labelledby], section[aria-label], section[aria-labelledby]";
  const landmarks = Array.from(document.querySelectorAll(LANDMARKS)).filter((el) => exposed(el)).map((el) => el.getAttribute("role") || el.localName);
  const headingEls = Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]")).filter((h) => exposed(h) && clean(h.innerText));
  const firstFocusable = tabStops.find((el) => isVisible(el));
  const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  const headingsAfterFirstFocusable = firstFocusable ? headingEls.filter((h) => before(firstFocusable, h)).length : headingEls.length;
  let contentStart = headingEls[0] || document.querySelector("main, [role=main]");
  if (!contentStart) {
    const text = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
    for (let n = text.nextNode(), i = 0; n && i < 20000; n = text.nextNode(), i++) {
      if (clean(n.textContent).length >= 80 && n.parentElement && !n.parentElement.closest("a, button, select, script, style, noscript")) { contentStart = n.parentElement; break; }
    }
  }
  const focusablesBeforeContent = contentStart ? tabStops.filter((el) => isVisible(el) && before(el, contentStart)).length : tabStops.length;

  // Links whose text is short, with the context WCAG counts for 2.4.4 (H77-H81, ARIA7/8): the enclosing
  // sentence block, list item or table cell (with its header cells), aria-describedby, and the
  // heading the link sits under. A person judges whether that context makes the purpose clear.
  const headingAbove = (el) => {
    let found = null;
    for (const h of headingEls) { if (before(h, el)) found = h; else break; }
    return found ? clean(found.innerText).slice(0, 120) : "";
  };
  const linkContext = [];
  for (const a of document.querySelectorAll("a[href]")) {
    if (linkContext.length >= 200) break;
    const name = clean(a.innerText || a.getAttribute("aria-label") || "");
    if (!name || name.split(" ").length > 4 || !isVisible(a)) continue;
    const block = a.parentElement && a.parentElement.closest("p, li, td, th, dd, dt, figcaption, blockquote, caption, label");
    let around = block ? clean(block.innerText).replace(name, " ") : "";
    const cell = a.closest("td");
    if (cell) {
      const row = cell.parentElement, table = cell.closest("table");
      const col = Array.from(row.children).indexOf(cell);
      const headers = [row.querySelector("th"), table && table.querySelector(`tr th:nth-child(${col + 1})`)].filter(Boolean);
      around += " " + headers.map((h) => clean(h.innerText)).join(" ");
    }
    around += " " + byIds(a.getAttribute("aria-describedby"));
    linkContext.push({ selector: cssPath(a), text: name.slice(0, 80), context: clean(around).slice(0, 160), heading: headingAbove(a) });
  }

  // Typography: justified blocks of running text (F88, 1.4.8).
  const justified = [];
  for (const el of all) {
    if (justified.length >= MAX_ITEMS) break;
    const st = getComputedStyle(el);
    if (st.textAlign !== "justify" || !BLOCK.has(st.display) || !isVisible(el)) continue;
    if (el.parentElement && getComputedStyle(el.parentElement).textAlign === "justify" && el.parentElement !== document.body) continue;
    const text = clean(el.innerText);
    const lines = el.getBoundingClientRect().height / (parseFloat(st.lineHeight) || parseFloat(st.fontSize) * 1.2);
    if (text.length >= 200 && lines >= 2.5) justified.push(item(el, { chars: text.length }));
  }

  // Media: what plays by itself, with or without controls and captions (1.4.2, 1.2.x).
  const media = firstItems(Array.from(document.querySelectorAll("video, audio")).map((m) => item(m, {
    autoplay: m.autoplay || !m.paused, muted: m.muted || m.volume === 0, controls: m.controls, loop: m.loop,
    duration: Number.isFinite(m.duration) ? Math.round(m.duration * 10) / 10 : null,
    tracks: Array.from(m.querySelectorAll("track")).map((t) => (t.getAttribute("kind") || "subtitles").toLowerCase()),
    rendered: isVisible(m),
  })));

  // Style rules that turn the page a quarter turn in one orientation (ACT b33eff), from readable sheets.
  const orientationLocks = [];
  const ROTATE = /rotate(?:z)?\(\s*(-?[\d.]+)(deg|turn|rad|grad)\s*\)|matrix\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)/i;
  const quarterTurn = (transform) => {
    const m = ROTATE.exec(transform || "");
    if (!m) return false;
    if (m[3] !== undefined) return Math.abs(parseFloat(m[3])) < 0.01 && Math.abs(Math.abs(parseFloat(m[4])) - 1) < 0.01;
    const deg = { deg: 1, turn: 360, rad: 180 / Math.PI, grad: 0.9 }[m[2].toLowerCase()] * parseFloat(m[1]);
    return Math.abs(Math.abs(deg % 180) - 90) < 1;
  };
  let rulesSeen = 0;
  const walkRules = (rules, orientation) => {
    for (const rule of rules) {
      if (++rulesSeen > 5000 || orientationLocks.length >= 5) return;
      if (rule.media && rule.cssRules) {
        const m = /orientation\s*:\s*(portrait|landscape)/i.exec(rule.media.mediaText || "");
        walkRules(rule.cssRules, m ? m[1].toLowerCase() : orientation);
      } else if (orientation && rule.style && quarterTurn(rule.style.transform || rule.style.rotate && `rotate(${rule.style.rotate})`)) {
        let targets = [];
        try { targets = Array.from(document.querySelectorAll(rule.selectorText)).slice(0, 5); } catch (e) { targets = []; }
        const big = targets.find((t) => t === document.documentElement || t === document.body || t.querySelectorAll("*").length >= 10);
        if (big) orientationLocks.push({ selector: cssPath(big) || big.localName, rule: (rule.cssText || "").slice(0, 160), orientation });
      }
    }
  };
  for (const sheet of Array.from(document.styleSheets).slice(0, 50)) {
    try { walkRules(sheet.cssRules, null); } catch (e) { /* a cross-origin sheet cannot be read */ }
  }

  // Blocks of running text with the language they inherit (3.1.2): checks tell the language of the
  // words from the words themselves; here only the text and the declared language are read. A part
  // that declares its own lang is left out of its block's text (it is recorded as a block of its own).
  const TEXT_BLOCK = "p, li, td, th, dd, dt, blockquote, h1, h2, h3, h4, h5, h6, caption, figcaption, legend, label";
  const ownText = (el, langEl) => {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = w.nextNode(); n && parts.length < 200; n = w.nextNode()) {
      if (n.parentElement && n.parentElement.closest("[lang]") === langEl && !n.parentElement.closest("script, style, noscript")) parts.push(n.textContent);
    }
    return clean(parts.join(" "));
  };
  const textBlocks = [];
  for (const el of document.querySelectorAll(`${TEXT_BLOCK}, [lang]:not(html)`)) {
    if (textBlocks.length >= 60) break;
    if (!exposed(el) || !isVisible(el) || el.querySelector(TEXT_BLOCK)) continue;   // its inner blocks are read instead
    const langEl = el.closest("[lang]");
    const text = ownText(el, langEl);
    if (text.split(" ").length < 8) continue;
    textBlocks.push({ selector: cssPath(el), text: text.slice(0, 400), lang: langEl ? langEl.getAttribute("lang") : "" });
  }

  // Custom controls a keyboard can reach but perhaps not operate: a click handler on a focusable
  // non-native element with no key handler in its markup (it may have one added by script).
  const keylessControls = firstItems(all.filter((el) => el.hasAttribute("onclick") && !el.matches(NATIVE) && el.hasAttribute("tabindex")
      && el.tabIndex >= 0 && !["onkeydown", "onkeyup", "onkeypress"].some((h) => el.hasAttribute(h) || el.closest(`[${h}]`)) && isVisible(el))
    .map((el) => item(el, { role: el.getAttribute("role") || "", handler: el.getAttribute("onclick").slice(0, 120) })));

  // The first meta refresh whose content is valid per HTML's shared declarative refresh steps (ACT bc659a).
  let metaRefresh = null;
  for (const meta of document.querySelectorAll("meta[http-equiv=refresh i][content]")) {
    const content = meta.getAttribute("content");
    const m = /^\s*(\d*)([\d.]*)([\s\S]*)$/.exec(content);
    if (!m || (m[1] === "" && !m[2].startsWith(".")) || (m[3] !== "" && !/^[\s;,]/.test(m[3]))) continue;
    const target = /^[\s;,]*(?:url\s*=\s*)?['"]?([^'"]*)/i.exec(m[3]);
    metaRefresh = { content: content.slice(0, 200), delay: parseInt(m[1] || "0", 10), url: target && target[1] ? cap(target[1].trim(), MAX_URL, "meta_refresh.url") : "" };
    break;
  }

  // Inline scripts that start a long timer (best effort): each timer's delay and callback, and the
  // script it is in (capped), from which checks tell a silent sign-out from a warned one.
  const timers = [], timerScripts = [];
  for (const s of document.querySelectorAll("script:not([src])")) {
    const code = s.textContent || "";
    const re = /setTimeout\s*\(([\s\S]{0,300}?),\s*(\d{4,})\s*\)/g;
    for (let m = re.exec(code); m && timers.length < 10; m = re.exec(code)) {
      if (!timerScripts.length || timerScripts[timerScripts.length - 1].el !== s) timerScripts.push({ el: s, code: cap(code, MAX_SCRIPT, "timer_scripts") });
      timers.push({ delay_ms: parseInt(m[2], 10), snippet: clean(m[0]).slice(0, 200), callback: m[1], script: timerScripts.length - 1 });
    }
  }

  return {
    base_font_size: baseSize,
    fake_headings: fakeHeadings,
    images_of_text: imagesOfText,
    colour_only_links: colourOnly,
    unlabelled_fields: fields,
    change_navigation: changeNavigation,
    focus_blur: focusBlur,
    mouse_only: mouseOnly,
    javascript_links: jsLinks,
    layout_tables: layoutTables,
    styled_table_headers: styledHeaders,
    skip_link: skipLink,
    main_landmark: !!document.querySelector("main, [role=main]"),
    headings: document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]").length,
    focusables: tabStops.length,
    landmarks: landmarks.slice(0, MAX_ITEMS),
    headings_after_first_focusable: headingsAfterFirstFocusable,
    focusables_before_content: focusablesBeforeContent,
    link_context: linkContext,
    justified,
    media,
    orientation_locks: orientationLocks,
    keyless_controls: keylessControls,
    colour_only_required: colourOnlyRequired,
    page_lang: document.documentElement.getAttribute("lang") || "",
    text_blocks: textBlocks,
    meta_refresh: metaRefresh,
    timers,
    timer_scripts: timerScripts.map((t) => t.code),
    cut: CUT,
  };
})()
