// Clusters, a cluster's Services and Tasks tabs, Create service and Run task.
import {call, describeAll, listAll} from '../api.js';
import {announce, ask, errorBox, fill, h, shortArn, table} from '../dom.js';
import {field, serviceState, stateBadge, TASK_HEADERS, taskRows} from './common.js';

const enc = encodeURIComponent;

export async function list(main, params, page) {
  const content = h('div', {});
  const error = h('div', {});
  const name = h('input', {type: 'text', required: true, pattern: '[A-Za-z0-9_\\-]{1,255}', autocomplete: 'off'});
  const form = h('form', {class: 'inline-form', 'aria-labelledby': 'create-cluster-title'},
    h('h2', {id: 'create-cluster-title'}, 'Create cluster'),
    field('cluster-name', 'Cluster name', name, 'Letters, numbers, hyphens and underscores.'),
    h('button', {type: 'submit', class: 'primary', id: 'create-cluster'}, 'Create'),
    error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    try {
      await call('CreateCluster', {clusterName: name.value});
      announce(`Cluster ${name.value} created.`);
      location.hash = `#/clusters/${enc(name.value)}/services`;
    } catch (e) {
      fill(error, errorBox(e));
    }
  });
  fill(main, h('h1', {}, 'Clusters'), content, form);
  await page.every(5000, async () => {
    try {
      const arns = await listAll('ListClusters', {}, 'clusterArns');
      const clusters = arns.length ? await describeAll('DescribeClusters', {}, 'clusters', arns, 'clusters', 100) : [];
      if (!page.alive()) return;
      fill(content, table('Clusters', ['Cluster', 'Status', 'Services', 'Running tasks', 'Pending tasks',
        'Container instances'], clusters.map(c => [
        h('a', {href: `#/clusters/${enc(c.clusterName)}/services`}, c.clusterName), c.status,
        c.activeServicesCount, c.runningTasksCount, c.pendingTasksCount, c.registeredContainerInstancesCount])));
    } catch (e) {
      if (page.alive()) fill(content, errorBox(e));
    }
  });
}

function clusterHeader(cluster, active) {
  return [
    h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'}, h('a', {href: '#/clusters'}, 'Clusters'), ' › ', cluster),
    h('h1', {}, `Cluster ${cluster}`),
    h('nav', {class: 'tabs', 'aria-label': 'Cluster'},
      h('a', {href: `#/clusters/${enc(cluster)}/services`, 'aria-current': active === 'services' ? 'page' : null},
        'Services'),
      h('a', {href: `#/clusters/${enc(cluster)}/tasks`, 'aria-current': active === 'tasks' ? 'page' : null},
        'Tasks')),
  ];
}

export async function cluster(main, [name, tab], page) {
  const content = h('div', {'aria-live': 'off'});
  const actionError = h('div', {});
  const actions = h('div', {class: 'toolbar'},
    tab === 'services'
      ? h('a', {class: 'button primary', href: `#/clusters/${enc(name)}/create-service`}, 'Create service')
      : h('a', {class: 'button primary', href: `#/clusters/${enc(name)}/run-task`}, 'Run task'),
    h('button', {type: 'button', class: 'danger', id: 'delete-cluster', onclick: () => deleteCluster(name, actionError)},
      'Delete cluster'));
  fill(main, clusterHeader(name, tab), actions, actionError, content);
  let last = null;
  const refresh = async () => {
    try {
      const rendered = tab === 'services' ? await services(name) : await tasks(name, e => {
        fill(actionError, e ? errorBox(e) : null);
        refresh();
      });
      if (page.alive() && rendered.key !== last) {
        last = rendered.key;
        fill(content, rendered.node);
      }
    } catch (e) {
      if (page.alive()) {
        last = null;
        fill(content, errorBox(e));
      }
    }
  };
  await page.every(2000, refresh);
}

async function services(cluster) {
  const arns = await listAll('ListServices', {cluster, maxResults: 100}, 'serviceArns');
  const found = arns.length ? await describeAll('DescribeServices', {cluster}, 'services', arns, 'services', 10) : [];
  found.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  const rows = found.map(s => [
    h('a', {href: `#/clusters/${enc(cluster)}/services/${enc(s.serviceName)}`}, s.serviceName),
    s.status, s.desiredCount, s.runningCount, s.pendingCount, shortArn(s.taskDefinition),
    stateBadge(serviceState(s))]);
  return {key: JSON.stringify(rows.map(r => r.map(c => c.textContent ?? c))),
    node: table('Services', ['Service', 'Status', 'Desired', 'Running', 'Pending', 'Task definition',
      'Deployment'], rows, {id: 'services-table'})};
}

async function tasks(cluster, onStopped) {
  const running = await listAll('ListTasks', {cluster, desiredStatus: 'RUNNING'}, 'taskArns');
  const stopped = await listAll('ListTasks', {cluster, desiredStatus: 'STOPPED'}, 'taskArns');
  // A task stopped between the two calls is in both lists.
  const arns = [...new Set([...running, ...stopped])];
  const found = arns.length ? await describeAll('DescribeTasks', {cluster}, 'tasks', arns, 'tasks', 100) : [];
  found.sort((a, b) => (a.desiredStatus === b.desiredStatus ? 0 : a.desiredStatus === 'RUNNING' ? -1 : 1)
    || String(a.group).localeCompare(String(b.group)) || a.taskArn.localeCompare(b.taskArn));
  return {key: JSON.stringify(found.map(t => [t.taskArn, t.lastStatus, t.desiredStatus, t.stoppedReason])),
    node: table('Tasks', TASK_HEADERS, taskRows(found, cluster, onStopped), {id: 'tasks-table'})};
}

async function deleteCluster(cluster, errorArea) {
  fill(errorArea);
  const answer = await ask({title: 'Delete cluster', text: `Delete cluster ${cluster}? As on ECS, a cluster with`
    + ' active services or running tasks cannot be deleted.', action: 'Delete', danger: true, confirmName: cluster});
  if (!answer.ok) return;
  try {
    await call('DeleteCluster', {cluster});
    announce(`Cluster ${cluster} deleted.`);
    location.hash = '#/clusters';
  } catch (e) {
    fill(errorArea, errorBox(e));
  }
}

/** Task definition choices: each ACTIVE family (its latest revision). */
async function familyOptions(id) {
  const families = await listAll('ListTaskDefinitionFamilies', {status: 'ACTIVE'}, 'families').catch(() => []);
  return h('datalist', {id}, families.map(f => h('option', {value: f})));
}

function number(value, min, max) {
  return h('input', {type: 'number', inputmode: 'numeric', value, min, max, required: true});
}

export async function createService(main, [cluster], page) {
  const error = h('div', {});
  const name = h('input', {type: 'text', required: true, pattern: '[A-Za-z0-9_\\-]{1,255}', autocomplete: 'off'});
  const taskDefinition = h('input', {type: 'text', required: true, list: 'families', autocomplete: 'off'});
  const desired = number(1, 0, 10000);
  const minimum = number(100, 0, 100);
  const maximum = number(200, 100, 1000);
  const breaker = h('input', {type: 'checkbox'});
  const rollback = h('input', {type: 'checkbox'});
  const form = h('form', {class: 'card', 'aria-labelledby': 'create-title'},
    await familyOptions('families'),
    field('service-name', 'Service name', name),
    field('task-definition', 'Task definition', taskDefinition, 'family, family:revision or an ARN'),
    field('desired-count', 'Desired tasks', desired),
    h('fieldset', {}, h('legend', {}, 'Deployment configuration'),
      field('minimum-healthy-percent', 'Minimum healthy percent', minimum),
      field('maximum-percent', 'Maximum percent', maximum),
      h('div', {class: 'check'}, breaker, h('label', {for: 'circuit-breaker'}, 'Use the deployment circuit breaker')),
      h('div', {class: 'check'}, rollback, h('label', {for: 'rollback'}, 'Roll back on failures'))),
    error,
    h('div', {class: 'actions'}, h('a', {class: 'button', href: `#/clusters/${enc(cluster)}/services`}, 'Cancel'),
      h('button', {type: 'submit', class: 'primary', id: 'create-service'}, 'Create')));
  breaker.id = 'circuit-breaker';
  rollback.id = 'rollback';
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    try {
      await call('CreateService', {cluster, serviceName: name.value, taskDefinition: taskDefinition.value,
        desiredCount: Number(desired.value), deploymentConfiguration: {
          minimumHealthyPercent: Number(minimum.value), maximumPercent: Number(maximum.value),
          deploymentCircuitBreaker: {enable: breaker.checked, rollback: rollback.checked}}});
      announce(`Service ${name.value} created.`);
      location.hash = `#/clusters/${enc(cluster)}/services/${enc(name.value)}`;
    } catch (e) {
      fill(error, errorBox(e));
    }
  });
  fill(main, h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'}, h('a', {href: '#/clusters'}, 'Clusters'), ' › ',
    h('a', {href: `#/clusters/${enc(cluster)}/services`}, cluster)),
  h('h1', {id: 'create-title'}, 'Create service'), form);
}

export async function runTask(main, [cluster], page) {
  const error = h('div', {});
  const taskDefinition = h('input', {type: 'text', required: true, list: 'families', autocomplete: 'off'});
  const count = number(1, 1, 10);
  const startedBy = h('input', {type: 'text', maxlength: 128});
  const form = h('form', {class: 'card', 'aria-labelledby': 'run-title'},
    await familyOptions('families'),
    field('task-definition', 'Task definition', taskDefinition, 'family, family:revision or an ARN'),
    field('task-count', 'Number of tasks', count, '1 to 10, as on ECS'),
    field('started-by', 'Started by (optional)', startedBy),
    error,
    h('div', {class: 'actions'}, h('a', {class: 'button', href: `#/clusters/${enc(cluster)}/tasks`}, 'Cancel'),
      h('button', {type: 'submit', class: 'primary', id: 'run-task'}, 'Run task')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    try {
      const answer = await call('RunTask', {cluster, taskDefinition: taskDefinition.value, count: Number(count.value),
        ...(startedBy.value ? {startedBy: startedBy.value} : {})});
      if (answer.failures && answer.failures.length) {
        fill(error, errorBox({type: 'Failures', message: answer.failures.map(f => `${f.arn || ''} ${f.reason}`)
          .join('; ')}));
        return;
      }
      announce(`Started ${answer.tasks.length} task(s).`);
      location.hash = `#/clusters/${enc(cluster)}/tasks`;
    } catch (e) {
      fill(error, errorBox(e));
    }
  });
  fill(main, h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'}, h('a', {href: '#/clusters'}, 'Clusters'), ' › ',
    h('a', {href: `#/clusters/${enc(cluster)}/tasks`}, cluster)),
  h('h1', {id: 'run-title'}, 'Run task'), form);
}
