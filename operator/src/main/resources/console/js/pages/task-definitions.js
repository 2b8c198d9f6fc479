// Task definitions: families, a family's revisions with a diff of two, a revision's JSON, deregister, and the JSON
// editor that registers a new revision.
import {call, listAll} from '../api.js';
import {announce, ask, errorBox, fill, h, shortArn, table} from '../dom.js';
import {diffLines} from '../diff.js';

const enc = encodeURIComponent;
/** Members DescribeTaskDefinition answers with that RegisterTaskDefinition does not take. */
const READ_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities',
  'registeredAt', 'registeredBy', 'deregisteredAt'];
const TEMPLATE = {
  family: 'web',
  containerDefinitions: [{name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true, memory: 256,
    portMappings: [{containerPort: 80}]}],
};

function crumbs(...parts) {
  return h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'},
    h('a', {href: '#/task-definitions'}, 'Task definitions'), parts.flatMap(p => [' › ', p]));
}

export async function families(main, params, page) {
  const content = h('div', {});
  fill(main, h('h1', {}, 'Task definitions'),
    h('div', {class: 'toolbar'},
      h('a', {class: 'button primary', href: '#/task-definitions/new', id: 'new-task-definition'},
        'Create new task definition')),
    content);
  try {
    const active = await listAll('ListTaskDefinitionFamilies', {status: 'ACTIVE'}, 'families');
    const all = await listAll('ListTaskDefinitionFamilies', {status: 'ALL'}, 'families');
    fill(content, table('Task definition families', ['Family', 'Status'], all.map(f => [
      h('a', {href: `#/task-definitions/${enc(f)}`}, f), active.includes(f) ? 'ACTIVE' : 'INACTIVE'])));
  } catch (e) {
    fill(content, errorBox(e));
  }
}

/** The family's revisions, newest first: [{arn, revision, status}]. */
async function revisionsOf(family) {
  const out = [];
  for (const status of ['ACTIVE', 'INACTIVE']) {
    const arns = await listAll('ListTaskDefinitions', {familyPrefix: family, status, sort: 'DESC'},
      'taskDefinitionArns');
    for (const arn of arns) {
      const [name, revision] = shortArn(arn).split(':');
      if (name === family) out.push({arn, revision: Number(revision), status});
    }
  }
  return out.sort((a, b) => b.revision - a.revision);
}

/** A revision as RegisterTaskDefinition takes it, with its tags. */
async function registerShape(family, revision) {
  const answer = await call('DescribeTaskDefinition', {taskDefinition: `${family}:${revision}`, include: ['TAGS']});
  const request = {...answer.taskDefinition};
  READ_ONLY.forEach(member => delete request[member]);
  if (answer.tags && answer.tags.length) request.tags = answer.tags;
  return request;
}

export async function family(main, [name], page) {
  const content = h('div', {});
  const compare = h('section', {'aria-labelledby': 'compare-title'});
  fill(main, crumbs(name), h('h1', {}, `Task definition ${name}`), content, compare);
  let revisions;
  try {
    revisions = await revisionsOf(name);
  } catch (e) {
    fill(content, errorBox(e));
    return;
  }
  fill(content,
    h('div', {class: 'toolbar'}, revisions.length
      ? h('a', {class: 'button primary', href: `#/task-definitions/new/${enc(name)}/${revisions[0].revision}`,
        id: 'create-revision'}, 'Create new revision') : null),
    table('Revisions', ['Revision', 'Status'], revisions.map(r => [
      h('a', {href: `#/task-definitions/${enc(name)}/${r.revision}`}, `${name}:${r.revision}`), r.status])));
  if (revisions.length < 2) return;
  const select = (id, chosen) => h('select', {id}, revisions.map(r => h('option', {value: r.revision,
    selected: r.revision === chosen}, `${name}:${r.revision}`)));
  const from = select('diff-from', revisions[1].revision);
  const to = select('diff-to', revisions[0].revision);
  const output = h('div', {id: 'diff', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form'},
    h('div', {class: 'field'}, h('label', {for: 'diff-from'}, 'From'), from),
    h('div', {class: 'field'}, h('label', {for: 'diff-to'}, 'To'), to),
    h('button', {type: 'submit', id: 'compare'}, 'Compare'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const [a, b] = await Promise.all([registerShape(name, from.value), registerShape(name, to.value)]);
      const lines = diffLines(JSON.stringify(a, null, 2), JSON.stringify(b, null, 2));
      const changed = lines.filter(l => l.kind !== ' ').length;
      fill(output, h('p', {}, changed ? `${changed} changed line(s) from ${name}:${from.value} to ${name}:${to.value}.`
        : 'The two revisions are the same.'),
      h('pre', {class: 'diff', tabindex: 0, 'aria-label': 'Differences'}, lines.map(l => h('span', {
        class: l.kind === '+' ? 'added' : l.kind === '-' ? 'removed' : 'same'}, `${l.kind} ${l.line}\n`))));
    } catch (e) {
      fill(output, errorBox(e));
    }
  });
  fill(compare, h('h2', {id: 'compare-title'}, 'Compare revisions'), form, output);
}

export async function revision(main, [name, number], page) {
  const error = h('div', {id: 'revision-error'});
  let answer;
  try {
    answer = await call('DescribeTaskDefinition', {taskDefinition: `${name}:${number}`, include: ['TAGS']});
  } catch (e) {
    fill(main, crumbs(h('a', {href: `#/task-definitions/${enc(name)}`}, name)), h('h1', {}, `${name}:${number}`),
      errorBox(e));
    return;
  }
  const td = answer.taskDefinition;
  const active = td.status === 'ACTIVE';
  fill(main, crumbs(h('a', {href: `#/task-definitions/${enc(name)}`}, name), String(number)),
    h('h1', {}, `${name}:${number}`),
    h('p', {}, 'Status ', h('strong', {id: 'revision-status'}, td.status)),
    h('div', {class: 'toolbar'},
      h('a', {class: 'button primary', href: `#/task-definitions/new/${enc(name)}/${number}`},
        'Create new revision'),
      active ? h('button', {type: 'button', class: 'danger', id: 'deregister',
        onclick: () => deregister(name, number, error)}, 'Deregister') : null),
    error,
    h('h2', {}, 'JSON'),
    h('pre', {class: 'json', id: 'revision-json', tabindex: 0, 'aria-label': `JSON of ${name}:${number}`},
      JSON.stringify({...td, ...(answer.tags && answer.tags.length ? {tags: answer.tags} : {})}, null, 2)));
}

async function deregister(name, number, errorArea) {
  fill(errorArea);
  const answer = await ask({title: 'Deregister revision', text: `Deregister ${name}:${number}? It becomes INACTIVE:`
    + ' services that run it go on, new services and tasks cannot use it.', action: 'Deregister', danger: true});
  if (!answer.ok) return;
  try {
    await call('DeregisterTaskDefinition', {taskDefinition: `${name}:${number}`});
    announce(`${name}:${number} deregistered.`);
    location.hash = `#/task-definitions/${enc(name)}`;
  } catch (e) {
    fill(errorArea, errorBox(e));
  }
}

export async function editor(main, [name, number], page) {
  let request = TEMPLATE;
  const error = h('div', {id: 'editor-error'});
  if (name) {
    try {
      request = await registerShape(name, number);
    } catch (e) {
      fill(error, errorBox(e));
    }
  }
  const text = h('textarea', {id: 'task-definition-json', rows: 24, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'editor-help editor-error', class: 'code'});
  text.value = JSON.stringify(request, null, 2);
  const form = h('form', {class: 'card wide'},
    h('label', {for: 'task-definition-json'}, 'Task definition JSON'),
    h('p', {id: 'editor-help', class: 'hint'}, 'The RegisterTaskDefinition request, as for aws ecs'
      + ' register-task-definition --cli-input-json. Its family decides which family gets the new revision.'),
    text,
    error,
    h('div', {class: 'actions'},
      h('a', {class: 'button', href: name ? `#/task-definitions/${enc(name)}` : '#/task-definitions'}, 'Cancel'),
      h('button', {type: 'submit', class: 'primary', id: 'register'}, 'Register')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    let body;
    try {
      body = JSON.parse(text.value);
    } catch (e) {
      fill(error, errorBox({type: 'Invalid JSON', message: e.message}));
      text.setAttribute('aria-invalid', 'true');
      text.focus();
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      fill(error, errorBox({type: 'Invalid JSON', message: 'A task definition is a JSON object.'}));
      text.setAttribute('aria-invalid', 'true');
      return;
    }
    try {
      const answer = await call('RegisterTaskDefinition', body);
      const td = answer.taskDefinition;
      text.removeAttribute('aria-invalid');
      announce(`Registered ${td.family}:${td.revision}.`);
      location.hash = `#/task-definitions/${enc(td.family)}/${td.revision}`;
    } catch (e) {
      fill(error, errorBox(e));
      text.setAttribute('aria-invalid', 'true');
    }
  });
  fill(main, crumbs(name ? h('a', {href: `#/task-definitions/${enc(name)}`}, name) : 'New'),
    h('h1', {}, name ? `Create new revision of ${name}` : 'Create new task definition'), form);
}
