// Whether activating `el` (a click, or a key: "Enter") submits a form, and whether that form is a
// search: {method, search, action}, or null when nothing is submitted (auditor/journeys.py).
([el, key]) => {
  const control = el.closest('button, input, select, textarea') || el;
  const form = control.form || control.closest('form');
  if (!form) return null;
  const tag = control.localName, type = (control.getAttribute('type') || '').toLowerCase();
  const submitter = (tag === 'button' && (type === '' || type === 'submit')) ||
                    (tag === 'input' && (type === 'submit' || type === 'image'));
  const implicit = key === 'Enter' && tag === 'input' &&
                   !['button', 'checkbox', 'radio', 'file', 'reset', 'hidden'].includes(type);
  if (!(submitter && key === null) && !implicit && !(submitter && key === 'Enter')) return null;
  const method = (form.getAttribute('method') || 'get').toLowerCase();
  const search = method === 'get' || form.getAttribute('role') === 'search' ||
                 !!form.closest('[role=search], search');
  return {method, search, action: form.action || ''};
}
