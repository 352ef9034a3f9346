// Sign-in, page side: finds the user name box and the submit control the way a person does, and
// returns their positions among document.querySelectorAll(boxesCss / controlsCss) (auditor/login.py).
([password, words, boxesCss, controlsCss, submitWords, notSubmitWords]) => {
  /* include: page-lib */
  const shown = (el) => isRendered(el) && !el.disabled;
  const root = (password && password.form) || document;
  const boxes = Array.from(document.querySelectorAll(boxesCss));
  const inRoot = (el) => root === document || el.form === root || root.contains(el);
  const named = new RegExp(words, 'i');
  const labelOf = (el) => [
    ...Array.from(el.labels || []).map((l) => l.textContent),
    el.getAttribute('aria-label') || '',
    ...(el.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => {
      const t = id && document.getElementById(id); return t ? t.textContent : ''; }),
  ].join(' ');
  const candidates = boxes.filter((el) => inRoot(el) && shown(el));
  const rules = [      // in the order a person looks: what the box says it is, then what it is called
    (el) => /^(username|email)$/i.test((el.getAttribute('autocomplete') || '').trim()),
    (el) => (el.getAttribute('type') || '').toLowerCase() === 'email',
    (el) => named.test(labelOf(el)),
    (el) => named.test(el.getAttribute('placeholder') || ''),
    (el) => named.test(`${el.getAttribute('name') || ''} ${el.id}`),
  ];
  let userIndex = null;
  for (const test of rules) {
    const hit = candidates.find(test);
    if (hit) { userIndex = boxes.indexOf(hit); break; }
  }
  if (userIndex === null && password) {      // failing those: the text box just before the password box
    const before = candidates.filter((el) => el.compareDocumentPosition(password) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (before.length) userIndex = boxes.indexOf(before[before.length - 1]);
  }
  const field = password || (userIndex !== null ? boxes[userIndex] : null);
  const form = field && field.form;
  const controls = Array.from(document.querySelectorAll(controlsCss));
  const textOf = (el) => [el.innerText, el.value, el.getAttribute('aria-label'), el.getAttribute('alt'), el.id,
                          el.getAttribute('name')].filter(Boolean).join(' ');
  const usable = controls.filter((el) => (!form || el.form === form || form.contains(el)) && shown(el)
                                         && !new RegExp(notSubmitWords, 'i').test(textOf(el)));
  const after = field ? usable.filter((el) => field.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
                      : usable;
  const control = usable.find((el) => new RegExp(submitWords, 'i').test(textOf(el))) || after[0] || null;
  return {user: userIndex, submit: control ? controls.indexOf(control) : null};
}
