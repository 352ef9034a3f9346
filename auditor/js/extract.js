// Reads what a supplier meets on a page: title, language, links, forms, headings, text.
// Runs in the page; returns plain JSON. Bounded so a hostile page cannot flood the artifact.
(() => {
  const MAX_LINKS = 2000, MAX_FORMS = 50, MAX_FIELDS = 200, MAX_TEXT = 20000;
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

  /* include: css-path */

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

  const links = Array.from(document.querySelectorAll("a[href], area[href]")).slice(0, MAX_LINKS).map((a) => ({
    href: a.getAttribute("href") || "",
    url: a.href || "",
    text: accessibleName(a).slice(0, 300),
    selector: cssPath(a),
    new_window: (a.getAttribute("target") || "").toLowerCase() === "_blank",
    rel: a.getAttribute("rel") || "",
  }));

  const CAPTCHA = /captcha|recaptcha|hcaptcha|turnstile|not a robot|security code|verification code/i;
  const captchaIn = (root) => {
    const frame = Array.from(root.querySelectorAll("iframe[src]")).find((f) => /recaptcha|hcaptcha|turnstile|captcha/i.test(f.src));
    if (frame) return "iframe " + frame.src.slice(0, 120);
    const marked = Array.from(root.querySelectorAll("[class], [id], [name], [data-sitekey]")).find((e) =>
      e.hasAttribute("data-sitekey") || CAPTCHA.test(`${e.id} ${e.getAttribute("class") || ""} ${e.getAttribute("name") || ""}`));
    if (marked) return "element " + cssPath(marked);
    const labelled = Array.from(root.querySelectorAll("label, img[alt]")).find((e) => CAPTCHA.test(e.textContent + " " + (e.getAttribute("alt") || "")));
    return labelled ? "label " + clean(labelled.textContent || labelled.getAttribute("alt")).slice(0, 80) : "";
  };

  const FILLABLE = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea";
  const describeFields = (els) => els.slice(0, MAX_FIELDS).map((el) => {
    const label = fieldLabel(el);
    return {
      tag: el.localName,
      type: (el.getAttribute("type") || (el.localName === "input" ? "text" : el.localName)).toLowerCase(),
      name: el.getAttribute("name") || el.id || "",
      label: label.slice(0, 200),
      required: el.required || el.getAttribute("aria-required") === "true" || /\*\s*$|\(required\)|\brequired\b/i.test(label),
      autocomplete: el.getAttribute("autocomplete") || "",
      selector: cssPath(el),
    };
  });

  const forms = Array.from(document.forms).slice(0, MAX_FORMS).map((f) => ({
    action: f.action || "",
    method: (f.getAttribute("method") || "get").toLowerCase(),
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

  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).slice(0, 200)
    .map((h) => `${h.localName}: ${clean(h.textContent).slice(0, 200)}`);

  return {
    title: clean(document.title).slice(0, 500),
    lang: document.documentElement.getAttribute("lang") || "",
    text: (document.body ? document.body.innerText : "").replace(/[ \t\u00a0]+/g, " ").replace(/\s*\n\s*/g, "\n").trim().slice(0, MAX_TEXT),
    headings,
    links,
    forms,
  };
})()
