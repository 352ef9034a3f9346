// Reads what a supplier meets on a page: title, language, links, forms, headings, text.
// Runs in the page; returns plain JSON. Every string and list is capped here (js/cap.js), and
// `cut` says what was cut, so a hostile page cannot flood the artifact or the crawler's memory.
(() => {
  const MAX_LINKS = 2000, MAX_FORMS = 50, MAX_FIELDS = 200, MAX_TEXT = 20000;
  /* include: page-lib */

  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => {
    const t = id && document.getElementById(id); return t ? t.textContent : "";
  }).join(" "));

  const accessibleName = (el) => {
    const labelled = byIds(el.getAttribute("aria-labelledby"));
    if (labelled) return labelled;
    const aria = clean(el.getAttribute("aria-label"));
    if (aria) return aria;
    const text = clean(el.innerText || el.textContent);
    if (text) return text;
    const alts = Array.from(el.querySelectorAll("img[alt]")).map((i) => clean(i.alt)).filter(Boolean);
    if (alts.length) return alts.join(" ");
    return clean(el.getAttribute("title"));
  };

  const fieldLabel = (el) => {
    const labelled = byIds(el.getAttribute("aria-labelledby"));
    if (labelled) return labelled;
    if (el.labels && el.labels.length) return clean(Array.from(el.labels).map((l) => l.textContent).join(" "));
    const aria = clean(el.getAttribute("aria-label"));
    if (aria) return aria;
    return clean(el.getAttribute("placeholder") || el.getAttribute("title"));
  };

  // A URL too long to keep whole leads nowhere: its link keeps the cut href as evidence, and url null.
  const links = capList(Array.from(document.querySelectorAll("a[href], area[href]")), MAX_LINKS, "links").map((a) => ({
    href: cap(a.getAttribute("href"), MAX_URL, "links.href"),
    url: tooLong(a.href, MAX_URL, "links.url") ? null : a.href || "",
    text: cap(accessibleName(a), 300, "links.text"),
    selector: cssPath(a),
    new_window: (a.getAttribute("target") || "").toLowerCase() === "_blank",
    rel: cap(a.getAttribute("rel"), MAX_WORD, "links.rel"),
  }));

  const CAPTCHA = /captcha|recaptcha|hcaptcha|turnstile|not a robot|security code|verification code/i;
  const captchaIn = (root) => {
    const frame = Array.from(root.querySelectorAll("iframe[src]")).find((f) => /recaptcha|hcaptcha|turnstile|captcha/i.test(f.src));
    if (frame) return "iframe " + cap(frame.src, 120, "captcha_evidence");
    const marked = Array.from(root.querySelectorAll("[class], [id], [name], [data-sitekey]")).find((e) =>
      e.hasAttribute("data-sitekey") || CAPTCHA.test(`${e.id} ${e.getAttribute("class") || ""} ${e.getAttribute("name") || ""}`));
    if (marked) return "element " + cssPath(marked);
    const labelled = Array.from(root.querySelectorAll("label, img[alt]")).find((e) => CAPTCHA.test(e.textContent + " " + (e.getAttribute("alt") || "")));
    return labelled ? "label " + cap(clean(labelled.textContent || labelled.getAttribute("alt")), 80, "captcha_evidence") : "";
  };

  const FILLABLE = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea";
  const describeFields = (els) => capList(els, MAX_FIELDS, "forms.fields").map((el) => {
    const label = cap(fieldLabel(el), MAX_NAME, "forms.fields.label");
    return {
      tag: el.localName,
      type: cap(el.getAttribute("type") || (el.localName === "input" ? "text" : el.localName), MAX_WORD, "forms.fields.type").toLowerCase(),
      name: cap(el.getAttribute("name") || el.id, MAX_NAME, "forms.fields.name"),
      label,
      required: el.required || el.getAttribute("aria-required") === "true" || /\*\s*$|\(required\)|\brequired\b/i.test(label),
      autocomplete: cap(el.getAttribute("autocomplete"), MAX_WORD, "forms.fields.autocomplete"),
      selector: cssPath(el),
    };
  });

  const forms = capList(Array.from(document.forms), MAX_FORMS, "forms").map((f) => ({
    action: cap(f.action, MAX_URL, "forms.action"),
    method: cap(f.getAttribute("method") || "get", MAX_WORD, "forms.method").toLowerCase(),
    selector: cssPath(f),
    fields: describeFields(Array.from(f.querySelectorAll(FILLABLE))),
    captcha: !!captchaIn(f),
    captcha_evidence: captchaIn(f),
  }));
  // Client-rendered portals often build forms without a <form> element.
  const loose = Array.from(document.querySelectorAll(FILLABLE)).filter((el) => !el.form);
  if (loose.length) {
    forms.push({ action: "", method: "script", selector: "body", fields: describeFields(loose),
                 captcha: !!captchaIn(document.body), captcha_evidence: captchaIn(document.body) });
  }

  const headings = capList(Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")), 200, "headings")
    .map((h) => `${h.localName}: ${cap(clean(h.textContent), 200, "headings")}`);

  return {
    title: cap(clean(document.title), 500, "title"),
    lang: cap(document.documentElement.getAttribute("lang"), MAX_WORD, "lang"),
    text: cap((document.body ? document.body.innerText : "").replace(/[ \t\u00a0]+/g, " ").replace(/\s*\n\s*/g, "\n").trim(), MAX_TEXT, "text"),
    headings,
    links,
    forms,
    cut: CUT,
  };
})()
