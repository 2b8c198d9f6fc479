// What several pages show the same way: a service's state in ECS's words, task rows, the stop-task question.
import {call} from '../api.js';
import {announce, ask, h, shortArn, time} from '../dom.js';

/** "Stable" as ECS's services-stable waiter and console mean it: one deployment, completed, running == desired. */
export function serviceState(service) {
  const deployments = service.deployments || [];
  const primary = deployments.find(d => d.status === 'PRIMARY');
  if (service.status === 'DRAINING') return 'Draining';
  if (primary && primary.rolloutState === 'FAILED') return 'Failed';
  if (deployments.length === 1 && service.runningCount === service.desiredCount
    && (!primary || !primary.rolloutState || primary.rolloutState === 'COMPLETED')) return 'Stable';
  return 'In progress';
}

export function stateBadge(state) {
  return h('span', {class: 'badge ' + state.toLowerCase().replace(/\s+/g, '-')}, state);
}

export function taskId(arn) {
  return shortArn(arn);
}

/** A field with its label, and an optional hint read out with it. */
export function field(id, label, input, hint = null) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', id + '-hint');
  return h('div', {class: 'field'}, h('label', {for: id}, label), input,
    hint && h('p', {class: 'hint', id: id + '-hint'}, hint));
}

/** Rows of the tasks table, with a Stop button for tasks still meant to run. */
export function taskRows(tasks, cluster, onStopped, withGroup = true) {
  return tasks.map(task => {
    const id = taskId(task.taskArn);
    const cells = [
      h('code', {title: task.taskArn}, id.slice(0, 12)),
      shortArn(task.taskDefinitionArn),
      h('span', {class: 'status ' + String(task.lastStatus).toLowerCase()}, task.lastStatus),
      task.desiredStatus,
    ];
    if (withGroup) cells.push(task.group || '');
    cells.push(time(task.startedAt || task.createdAt), task.stoppedReason || '');
    cells.push(task.desiredStatus === 'RUNNING'
      ? h('button', {type: 'button', class: 'small', 'aria-label': `Stop task ${id}`,
        onclick: () => stopTask(cluster, task, onStopped)}, 'Stop')
      : '');
    return cells;
  });
}

export const TASK_HEADERS = ['Task', 'Task definition', 'Last status', 'Desired status', 'Group', 'Started',
  'Stopped reason', 'Actions'];

async function stopTask(cluster, task, onStopped) {
  const id = taskId(task.taskArn);
  const answer = await ask({title: 'Stop task', text: `Stop task ${id}? A service's task is replaced by the service.`,
    action: 'Stop', danger: true, reasonLabel: 'Reason (optional, shown as the stopped reason)'});
  if (!answer.ok) return;
  try {
    await call('StopTask', {cluster, task: task.taskArn, ...(answer.reason ? {reason: answer.reason} : {})});
    announce(`Task ${id} is stopping.`);
    onStopped(null);
  } catch (e) {
    onStopped(e);
  }
}
