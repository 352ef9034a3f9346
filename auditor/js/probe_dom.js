// Static measurements for barriers axe-core does not test: styled text posing as headings,
// images of text, links told apart by colour alone, fields without a visible label, selects
// that navigate on change, focus thrown away on focus, mouse-only controls, layout tables,
// skip links, meta refresh and logout timers. One pass in the page; lists and strings are capped
// (js/cap.js), and `cut` says what was cut.
(() => {
  const MAX_ITEMS = 30, MAX_ELEMENTS = 4000;
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  /* include: css-path */
  // Rendered, bigger than the 1 px of visually-hidden text, and not parked off the page.
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && parseFloat(s.opacity) > 0;
  };
  const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)]; };
  const item = (el, extra) => Object.assign({ selector: cssPath(el), tag: el.localName, text: clean(el.innerText || el.getAttribute("alt") || "").slice(0, 120), box: box(el) }, extra || {});
  const firstItems = (list) => list.slice(0, MAX_ITEMS);
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
  const fakeHeadings = [];
  for (const el of all) {
    if (fakeHeadings.length >= MAX_ITEMS) break;
    if (!BLOCK.has(getComputedStyle(el).display) || el.closest(NOT_HEADING) || el.querySelector("h1,h2,h3,h4,h5,h6,[role=heading],p,div,table,ul,ol,input,select,textarea,button,img")) continue;
    const text = clean(el.innerText);
    if (text.length < 3 || text.length > 80 || text.split(" ").length > 10 || /[.,;:!?]$/.test(text) || !/[a-z]/i.test(text) || !visible(el)) continue;
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
    if (!visible(img)) continue;
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
    if (!text || !visible(a)) continue;
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
    if (!visible(el)) continue;
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
      && !el.matches(NATIVE) && !el.hasAttribute("tabindex") && !el.closest(NATIVE) && visible(el))
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

  // The first in-page link among the first few focusable elements: a skip link, and whether it lands.
  const focusables = Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"))
    .filter((el) => el.tabIndex >= 0 && !el.disabled);
  const early = focusables.slice(0, 5).find((el) => el.localName === "a" && /^#./.test(el.getAttribute("href") || ""));
  let skipLink = null;
  if (early) {
    const id = decodeURIComponent(early.getAttribute("href").slice(1));
    const target = document.getElementById(id) || document.getElementsByName(id)[0] || null;
    skipLink = { selector: cssPath(early), text: clean(early.innerText).slice(0, 120), target: cap(id, MAX_NAME, "skip_link.target"), target_exists: !!target };
  }

  const refresh = document.querySelector("meta[http-equiv=refresh i]");
  let metaRefresh = null;
  if (refresh) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*))?/i.exec(refresh.getAttribute("content") || "");
    metaRefresh = { content: (refresh.getAttribute("content") || "").slice(0, 200), delay: m ? parseFloat(m[1]) : null, url: m && m[2] ? cap(m[2].trim(), MAX_URL, "meta_refresh.url") : "" };
  }

  // Best effort: inline scripts that sign the user out after a long timer, with no sign of a warning.
  const timers = [];
  for (const s of document.querySelectorAll("script:not([src])")) {
    const code = s.textContent || "";
    const re = /setTimeout\s*\(([\s\S]{0,300}?),\s*(\d{4,})\s*\)/g;
    for (let m = re.exec(code); m && timers.length < 10; m = re.exec(code)) {
      const delay = parseInt(m[2], 10);
      timers.push({ delay_ms: delay, snippet: clean(m[0]).slice(0, 200),
                    logout: /logout|log-out|signout|sign-out|logoff|session|timeout|location/i.test(m[1]),
                    warns: /confirm\s*\(|alert\s*\(|warn|extend|dialog|modal|remaining/i.test(code) });
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
    skip_link: skipLink,
    main_landmark: !!document.querySelector("main, [role=main]"),
    headings: document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]").length,
    focusables: focusables.length,
    meta_refresh: metaRefresh,
    timers,
    cut: CUT,
  };
})()
