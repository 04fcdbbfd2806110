# The studio on AWS, adapted from spec 9.10: ECS Fargate runs `karate serve` behind a load balancer and
# `karate worker` beside it, on RDS PostgreSQL, ElastiCache Redis and S3. An example to adapt, not a module:
# docs/deploy.md says what each part is for. Every KARATE_* name here is a setting of karate/config.py.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.region
}

resource "aws_ecs_cluster" "karate" {
  name = "${var.name}-cluster"
}

resource "aws_cloudwatch_log_group" "karate" {
  name              = "/ecs/${var.name}"
  retention_in_days = 30
}

# --- shared state: PostgreSQL, Redis, S3 ---------------------------------------------------------------------

resource "random_password" "database" {
  length  = 32
  special = false
}

resource "random_password" "signing" {
  length  = 64
  special = false
}

resource "aws_db_subnet_group" "karate" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_instance" "karate" {
  identifier                = var.name
  engine                    = "postgres"
  engine_version            = "16"
  instance_class            = var.db_instance_class
  allocated_storage         = 50
  storage_encrypted         = true
  db_name                   = "karate"
  username                  = "karate"
  password                  = random_password.database.result
  db_subnet_group_name      = aws_db_subnet_group.karate.name
  vpc_security_group_ids    = [aws_security_group.data.id]
  backup_retention_period   = 14
  deletion_protection       = true
  final_snapshot_identifier = "${var.name}-final"
}

resource "aws_elasticache_subnet_group" "karate" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_elasticache_cluster" "karate" {
  cluster_id         = var.name
  engine             = "redis"
  node_type          = var.redis_node_type
  num_cache_nodes    = 1
  subnet_group_name  = aws_elasticache_subnet_group.karate.name
  security_group_ids = [aws_security_group.data.id]
}

resource "aws_s3_bucket" "assets" {
  bucket_prefix = "${var.name}-assets-"
}

# Private assets: the studio hands out presigned URLs, the bucket itself is never public (spec 10.3).
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# --- secrets: the database URL (it holds the password) and the key that signs asset URLs -----------------------

resource "aws_secretsmanager_secret" "database_url" {
  name_prefix = "${var.name}-database-url-"
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = "postgresql+asyncpg://karate:${random_password.database.result}@${aws_db_instance.karate.address}:5432/karate"
}

resource "aws_secretsmanager_secret" "signing" {
  name_prefix = "${var.name}-signing-secret-"
}

resource "aws_secretsmanager_secret_version" "signing" {
  secret_id     = aws_secretsmanager_secret.signing.id
  secret_string = random_password.signing.result
}

# --- the tasks ---------------------------------------------------------------------------------------------

locals {
  # What every studio and worker shares. The studio answers at KARATE_PUBLIC_URL's host; its health checks, which
  # name the task's address, are answered under any host name.
  environment = [
    { name = "KARATE_AUTH", value = "true" },
    { name = "KARATE_DISPATCH", value = "queue" },
    { name = "KARATE_REDIS_URL", value = "redis://${aws_elasticache_cluster.karate.cache_nodes[0].address}:6379/0" },
    { name = "KARATE_STORAGE_URL", value = "s3://${aws_s3_bucket.assets.id}/assets" },
    { name = "KARATE_DB_POOL_SIZE", value = "10" },
    { name = "KARATE_LOG_FORMAT", value = "json" },
    # TLS ends at the load balancer: the public URL tells the studio its pages' https origin (and Secure cookies).
    { name = "KARATE_PUBLIC_URL", value = "https://${var.domain_name}" },
    { name = "AWS_DEFAULT_REGION", value = var.region },
  ]
  secrets = concat(
    [
      { name = "KARATE_DATABASE_URL", valueFrom = aws_secretsmanager_secret.database_url.arn },
      { name = "KARATE_SIGNING_SECRET", valueFrom = aws_secretsmanager_secret.signing.arn },
    ],
    [for name, arn in var.extra_secrets : { name = name, valueFrom = arn }],
  )
  # Each worker serves its Prometheus metrics on its task address, without sign-in: open port 9100 in
  # aws_security_group.tasks to your Prometheus only.
  worker_metrics = [
    { name = "KARATE_WORKER_METRICS_PORT", value = "9100" },
    { name = "KARATE_WORKER_METRICS_HOST", value = "0.0.0.0" },
  ]
  log_configuration = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.karate.name
      awslogs-region        = var.region
      awslogs-stream-prefix = "karate"
    }
  }
}

resource "aws_ecs_task_definition" "studio" {
  family                   = "${var.name}-studio"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 2048
  memory                   = 4096
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name             = "studio"
    image            = var.image
    essential        = true
    command          = ["karate", "serve", "--host", "0.0.0.0", "--port", "8000"]
    portMappings     = [{ containerPort = 8000, hostPort = 8000 }]
    environment      = local.environment
    secrets          = local.secrets
    logConfiguration = local.log_configuration
    stopTimeout      = 30
  }])
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 2048
  memory                   = 4096
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name             = "worker"
    image            = var.image
    essential        = true
    command          = ["karate", "worker"]
    environment      = concat(local.environment, local.worker_metrics)
    secrets          = local.secrets
    logConfiguration = local.log_configuration
    # The worker's metrics port answers while it lives: ECS replaces a worker whose port stops answering.
    healthCheck = {
      command     = ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9100/metrics', timeout=4)"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    # SIGTERM lets a worker finish or hand back its runs (Fargate allows at most 120 s).
    stopTimeout = 120
  }])
}

resource "aws_ecs_service" "studio" {
  name            = "${var.name}-studio"
  cluster         = aws_ecs_cluster.karate.id
  task_definition = aws_ecs_task_definition.studio.arn
  desired_count   = var.studio_count
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.studio.arn
    container_name   = "studio"
    container_port   = 8000
  }
  depends_on = [aws_lb_listener.https]
}

resource "aws_ecs_service" "worker" {
  name            = "${var.name}-worker"
  cluster         = aws_ecs_cluster.karate.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = var.worker_count
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}

# --- the load balancer: HTTPS for domain_name only, readiness as its health check -------------------------------

resource "aws_lb" "karate" {
  name               = var.name
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
  # Run events and co-editing are long-lived WebSocket/SSE connections.
  idle_timeout = 3600
}

resource "aws_lb_target_group" "studio" {
  name        = "${var.name}-studio"
  port        = 8000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
  health_check {
    path    = "/ready"
    matcher = "200"
  }
  deregistration_delay = 30
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.karate.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "studio" {
  listener_arn = aws_lb_listener.https.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.studio.arn
  }
  condition {
    host_header {
      values = [var.domain_name]
    }
  }
}

# --- network access: internet -> load balancer -> studios; studios and workers -> database and Redis -------------

resource "aws_security_group" "alb" {
  name   = "${var.name}-alb"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "tasks" {
  name   = "${var.name}-tasks"
  vpc_id = var.vpc_id
  ingress {
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "data" {
  name   = "${var.name}-data"
  vpc_id = var.vpc_id
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
  ingress {
    from_port       = 6379
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
}

# --- roles: ECS reads the image, the logs and the secrets; the tasks read and write the asset bucket ------------

data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    actions = ["secretsmanager:GetSecretValue", "ssm:GetParameters"]
    resources = concat(
      [aws_secretsmanager_secret.database_url.arn, aws_secretsmanager_secret.signing.arn],
      values(var.extra_secrets),
    )
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

data "aws_iam_policy_document" "assets" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.assets.arn]
  }
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.assets.arn}/*"]
  }
}

resource "aws_iam_role_policy" "assets" {
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.assets.json
}
