// A service: its deployments with progress, its events newest first and its tasks, refreshed every 2 s while shown;
// Update service (desired count, revision, force new deployment) and Delete service.
import {call, describeAll, listAll} from '../api.js';
import {announce, ask, errorBox, fill, h, shortArn, table, time} from '../dom.js';
import {field, serviceState, stateBadge, TASK_HEADERS, taskRows} from './common.js';

const enc = encodeURIComponent;
const POLL_MS = 2000;

export async function servicePage(main, [cluster, name], page) {
  const summary = h('div', {id: 'service-summary'});
  const deployments = h('div', {id: 'deployments'});
  const events = h('div', {id: 'events'});
  const tasks = h('div', {id: 'service-tasks'});
  const problem = h('div', {});
  const taskError = h('div', {});
  const update = h('section', {'aria-labelledby': 'update-title'});
  fill(main,
    h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'}, h('a', {href: '#/clusters'}, 'Clusters'), ' › ',
      h('a', {href: `#/clusters/${enc(cluster)}/services`}, cluster), ' › ', name),
    h('h1', {}, `Service ${name}`),
    problem,
    summary,
    h('section', {'aria-labelledby': 'deployments-title'}, h('h2', {id: 'deployments-title'}, 'Deployments'),
      deployments),
    h('section', {'aria-labelledby': 'events-title'}, h('h2', {id: 'events-title'}, 'Events'), events),
    h('section', {'aria-labelledby': 'tasks-title'}, h('h2', {id: 'tasks-title'}, 'Tasks'), taskError, tasks),
    update);

  const seen = {};
  let state = null;
  let formShown = false;
  const show = (key, element, value, render) => {
    const json = JSON.stringify(value);
    if (seen[key] !== json) {
      seen[key] = json;
      fill(element, render(value));
    }
  };
  const refresh = async () => {
    let service;
    try {
      const answer = await call('DescribeServices', {cluster, services: [name]});
      if (!page.alive()) return;
      if (!answer.services.length) {
        fill(problem, errorBox({type: 'ServiceNotFoundException', message: `Service ${name} is not in cluster`
          + ` ${cluster} (it may have been deleted).`}));
        return;
      }
      service = answer.services[0];
      fill(problem);
    } catch (e) {
      if (page.alive()) fill(problem, errorBox(e));
      return;
    }
    if (!formShown) {
      formShown = true;
      fill(update, await updateForm(cluster, service, refresh));
    }
    const now = serviceState(service);
    if (state !== null && now !== state) announce(`Service ${name}: ${now}`);
    state = now;
    show('summary', summary, summaryOf(service), summaryView);
    show('deployments', deployments, service.deployments, deploymentsView);
    show('events', events, service.events, eventsView);
    try {
      const arns = await listAll('ListTasks', {cluster, serviceName: name}, 'taskArns');
      const found = arns.length ? await describeAll('DescribeTasks', {cluster}, 'tasks', arns, 'tasks', 100) : [];
      found.sort((a, b) => Number(a.startedAt || a.createdAt || 0) - Number(b.startedAt || b.createdAt || 0)
        || a.taskArn.localeCompare(b.taskArn));
      if (!page.alive()) return;
      show('tasks', tasks, found, list => table('Tasks', TASK_HEADERS.filter(c => c !== 'Group'),
        taskRows(list, cluster, e => { fill(taskError, e ? errorBox(e) : null); refresh(); }, false),
        {id: 'service-tasks-table'}));
    } catch (e) {
      if (page.alive()) fill(tasks, errorBox(e));
    }
  };
  await page.every(POLL_MS, refresh);
}

function summaryOf(s) {
  const breaker = s.deploymentConfiguration && s.deploymentConfiguration.deploymentCircuitBreaker;
  return {status: s.status, state: serviceState(s), desired: s.desiredCount, running: s.runningCount,
    pending: s.pendingCount, taskDefinition: shortArn(s.taskDefinition), launchType: s.launchType || '',
    scheduling: s.schedulingStrategy, breaker: breaker && breaker.enable
      ? (breaker.rollback ? 'on, with rollback' : 'on, without rollback') : 'off'};
}

function summaryView(s) {
  const item = (term, value, id) => h('div', {}, h('dt', {}, term), h('dd', {id}, value));
  return h('dl', {class: 'summary'},
    item('Status', s.status, 'service-status'),
    item('Deployment', stateBadge(s.state), 'service-state'),
    item('Desired tasks', s.desired, 'desired-count'),
    item('Running', s.running, 'running-count'),
    item('Pending', s.pending, 'pending-count'),
    item('Task definition', s.taskDefinition, 'service-task-definition'),
    item('Scheduling', s.scheduling),
    s.launchType && item('Launch type', s.launchType),
    item('Circuit breaker', s.breaker));
}

/** PRIMARY first, then the older deployments, newest first. */
function ordered(list) {
  return [...(list || [])].sort((a, b) => (a.status === 'PRIMARY' ? 0 : 1) - (b.status === 'PRIMARY' ? 0 : 1)
    || Number(b.createdAt || 0) - Number(a.createdAt || 0));
}

function deploymentsView(list) {
  const rows = ordered(list).map(d => {
    const desired = d.desiredCount || 0;
    const running = d.runningCount || 0;
    const label = `${running} of ${desired} running`;
    return [
      h('code', {}, d.id),
      h('span', {class: 'badge ' + String(d.status).toLowerCase()}, d.status),
      shortArn(d.taskDefinition),
      h('span', {class: 'rollout ' + String(d.rolloutState || '').toLowerCase()}, d.rolloutState || ''),
      h('div', {class: 'progress-cell'},
        h('progress', {max: Math.max(desired, 1), value: Math.min(running, Math.max(desired, 1)),
          'aria-label': `Deployment ${d.id}: ${label}`}),
        h('span', {class: 'progress-text'}, label)),
      `${d.pendingCount || 0} / ${d.failedTasks || 0}`,
      d.rolloutStateReason || '',
      time(d.updatedAt || d.createdAt)];
  });
  return table('Deployments', ['Deployment', 'Status', 'Task definition', 'Rollout state', 'Running / desired',
    'Pending / failed', 'Reason', 'Updated'], rows, {id: 'deployments-table'});
}

function eventsView(list) {
  const sorted = [...(list || [])].sort((a, b) => Number(b.createdAt || 0) - Number(a.createdAt || 0));
  if (!sorted.length) return h('p', {class: 'empty'}, 'No events yet.');
  return h('ol', {class: 'events', id: 'events-list', reversed: true},
    sorted.map(e => h('li', {}, time(e.createdAt), ' ', h('span', {class: 'message'}, e.message))));
}

async function updateForm(cluster, service, refresh) {
  const error = h('div', {id: 'update-error'});
  const family = String(shortArn(service.taskDefinition)).split(':')[0];
  let revisions = [];
  try {
    revisions = family ? await listAll('ListTaskDefinitions', {familyPrefix: family, status: 'ACTIVE', sort: 'DESC'},
      'taskDefinitionArns') : [];
  } catch (e) {
    revisions = [];
  }
  const taskDefinition = h('input', {type: 'text', required: true, list: 'revisions', autocomplete: 'off',
    value: shortArn(service.taskDefinition)});
  const desired = h('input', {type: 'number', inputmode: 'numeric', min: 0, required: true,
    value: service.desiredCount});
  const force = h('input', {type: 'checkbox', id: 'force-new-deployment'});
  const form = h('form', {class: 'card'},
    h('datalist', {id: 'revisions'}, revisions.map(arn => h('option', {value: shortArn(arn)}))),
    field('update-task-definition', 'Task definition revision', taskDefinition),
    field('update-desired-count', 'Desired tasks', desired),
    h('div', {class: 'check'}, force, h('label', {for: 'force-new-deployment'}, 'Force new deployment')),
    error,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'update-service'}, 'Update')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    try {
      await call('UpdateService', {cluster, service: service.serviceName, taskDefinition: taskDefinition.value,
        desiredCount: Number(desired.value), forceNewDeployment: force.checked});
      force.checked = false;
      announce(`Service ${service.serviceName} updated.`);
      refresh();
    } catch (e) {
      fill(error, errorBox(e));
    }
  });
  const deleteError = h('div', {id: 'delete-error'});
  const remove = h('section', {'aria-labelledby': 'delete-title'}, h('h2', {id: 'delete-title'}, 'Delete service'),
    h('p', {}, 'As on ECS, a service must be scaled to 0 first, or deleted with force.'), deleteError,
    h('button', {type: 'button', class: 'danger', id: 'delete-service',
      onclick: () => deleteService(cluster, service.serviceName, deleteError)}, 'Delete service'));
  return [h('h2', {id: 'update-title'}, 'Update service'), form, remove];
}

async function deleteService(cluster, name, errorArea) {
  fill(errorArea);
  const force = h('input', {type: 'checkbox', id: 'force-delete'});
  const answer = await ask({title: 'Delete service', text: `Delete service ${name}? Its tasks are stopped.`,
    action: 'Delete', danger: true, confirmName: name,
    extra: h('div', {class: 'check'}, force, h('label', {for: 'force-delete'},
      'Force: delete even while its desired count is above 0'))});
  if (!answer.ok) return;
  try {
    await call('DeleteService', {cluster, service: name, force: force.checked});
    announce(`Service ${name} is draining.`);
    location.hash = `#/clusters/${enc(cluster)}/services`;
  } catch (e) {
    fill(errorArea, errorBox(e));
  }
}
