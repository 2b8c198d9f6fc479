#!/usr/bin/env bash
# The AWS CLI against Stevedore's ECS endpoint, as a deploy script would use ECS: register, create, wait, update,
# wait, inspect, run a task, clean up. Needs ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; each step
# prints one line "step: result" that the test (AwsCliE2E) checks. Any failing command fails the script.
set -euo pipefail
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_MAX_ATTEMPTS=1
ecs() { aws ecs --endpoint-url "$ENDPOINT" "$@"; }

echo "cluster: $(ecs create-cluster --cluster-name default --query cluster.status --output text)"

cat > "${TMPDIR:-/tmp}/stevedore-cli-td.json" <<'JSON'
{
  "family": "cli-web",
  "containerDefinitions": [{
    "name": "web", "image": "public.ecr.aws/nginx/nginx:1.27", "memory": 128, "essential": true,
    "portMappings": [{"containerPort": 80}],
    "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}
  }]
}
JSON
echo "register: $(ecs register-task-definition --cli-input-json "file://${TMPDIR:-/tmp}/stevedore-cli-td.json" \
  --query taskDefinition.taskDefinitionArn --output text)"
echo "create: $(ecs create-service --service-name cli-web --task-definition cli-web --desired-count 2 \
  --query service.status --output text)"
ecs wait services-stable --services cli-web
echo "stable: $(ecs describe-services --services cli-web --query 'services[0].[runningCount,desiredCount]' --output text | tr '\t' '/')"
ecs update-service --service cli-web --desired-count 1 --query service.serviceName --output text >/dev/null
ecs wait services-stable --services cli-web
echo "scaled: $(ecs describe-services --services cli-web --query 'services[0].runningCount' --output text)"
echo "tasks: $(ecs list-tasks --service-name cli-web --query 'length(taskArns)' --output text)"
echo "listed: $(ecs list-services --query 'length(serviceArns)' --output text)"
if ecs describe-services --cluster nowhere --services cli-web 2>"${TMPDIR:-/tmp}/stevedore-cli-err.txt"; then
  echo "error: none"
else
  echo "error: $(grep -o 'ClusterNotFoundException' "${TMPDIR:-/tmp}/stevedore-cli-err.txt" | head -1)"
fi
ecs update-service --service cli-web --desired-count 0 >/dev/null
echo "deleted: $(ecs delete-service --service cli-web --query service.status --output text)"
