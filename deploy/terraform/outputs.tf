output "load_balancer_dns_name" {
  description = "Point domain_name's DNS record (CNAME or alias) here"
  value       = aws_lb.karate.dns_name
}

output "asset_bucket" {
  value = aws_s3_bucket.assets.id
}

# Migrations run once per release, before the new tasks start (the servers would also migrate at start, each).
output "migrate_command" {
  description = "Bring the database schema up to date with a one-off task of the new image"
  value = join(" ", [
    "aws ecs run-task --cluster ${aws_ecs_cluster.karate.name} --launch-type FARGATE",
    "--task-definition ${aws_ecs_task_definition.studio.family}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.private_subnet_ids)}],securityGroups=[${aws_security_group.tasks.id}]}'",
    "--overrides '{\"containerOverrides\":[{\"name\":\"studio\",\"command\":[\"karate\",\"migrate\"]}]}'",
  ])
}
