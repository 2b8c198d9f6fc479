// Building the page from nodes, never from HTML strings: names and messages from the API are always text.

/** h('a', {href: '#/'}, 'text', child, [children]) makes an element; null and false children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the contents of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table with a caption read by screen readers, headers and rows (arrays of cells). */
export function table(caption, headers, rows, attributes = {}) {
  return h('div', {class: 'table-wrap'},
    h('table', attributes,
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', {}, h('tr', {}, headers.map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', {colspan: headers.length, class: 'empty'}, 'None.'))
        : rows.map(cells => h('tr', {}, cells.map(cell => h('td', {}, cell)))))));
}

/** An error as ECS words it ("ClusterNotFoundException: Cluster not found."), announced to screen readers. */
export function errorBox(error) {
  const type = error && error.type ? error.type : 'Error';
  const message = error && error.message ? error.message : String(error);
  return h('div', {class: 'error', role: 'alert'}, h('strong', {}, type), ': ', message);
}

/** epoch seconds (the API's timestamps) as a local date and time. */
export function time(epochSeconds) {
  if (epochSeconds === undefined || epochSeconds === null) return '';
  const date = new Date(Number(epochSeconds) * 1000);
  // Today's times without the date, which would only repeat itself down a list of events.
  const today = date.toDateString() === new Date().toDateString();
  return h('time', {datetime: date.toISOString(), title: date.toLocaleString()},
    today ? date.toLocaleTimeString() : date.toLocaleString());
}

/** The last part of an ARN: "web:3" of a task definition, the id of a task. */
export function shortArn(arn) {
  if (!arn) return '';
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

/**
 * A modal question before a change: resolves {ok, reason}. With confirmName the action stays disabled until that
 * name is typed (deletes); with reasonLabel a free text is asked for (StopTask's reason). Escape cancels.
 */
export function ask({title, text, action, danger = false, confirmName = null, reasonLabel = null, extra = null}) {
  return new Promise(resolve => {
    const submit = h('button', {type: 'submit', class: danger ? 'danger' : 'primary', value: 'ok'}, action);
    const nameInput = confirmName === null ? null
      : h('input', {id: 'ask-name', type: 'text', autocomplete: 'off', spellcheck: 'false'});
    const reasonInput = reasonLabel === null ? null : h('input', {id: 'ask-reason', type: 'text', maxlength: 255});
    if (nameInput) {
      submit.disabled = true;
      nameInput.addEventListener('input', () => { submit.disabled = nameInput.value !== confirmName; });
    }
    const dialog = h('dialog', {'aria-labelledby': 'ask-title', 'aria-describedby': 'ask-text'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'ask-title'}, title),
        h('p', {id: 'ask-text'}, text),
        extra,
        reasonInput && h('label', {for: 'ask-reason'}, reasonLabel),
        reasonInput,
        nameInput && h('label', {for: 'ask-name'}, 'Type ', h('code', {}, confirmName), ' to confirm'),
        nameInput,
        h('div', {class: 'actions'},
          h('button', {type: 'button', onclick: () => dialog.close('cancel')}, 'Cancel'),
          submit)));
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      const reason = reasonInput ? reasonInput.value : '';
      const opener = document.activeElement;
      dialog.remove();
      resolve({ok, reason, dialog});
      if (opener && opener.focus) opener.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    (nameInput || reasonInput || submit).focus();
  });
}

/** Says something to screen readers (a polite live region) and shows it briefly. */
export function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
  const toast = h('div', {class: 'toast', 'aria-hidden': 'true'}, text);
  document.body.append(toast);
  setTimeout(() => toast.remove(), 4000);
}
