# What the example needs from the account it is applied to: a VPC with public and private subnets, a certificate
# and a domain, and the image pushed to ECR (`docker build -t <repo>:<tag> . && docker push <repo>:<tag>`).

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "name" {
  description = "Prefix of every resource's name"
  type        = string
  default     = "karate"
}

variable "image" {
  description = "The studio's image (this repository's Dockerfile), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/karate:1.0"
  type        = string
}

variable "domain_name" {
  description = "The name users reach the studio at, e.g. studio.example.com (its DNS record points at the load balancer)"
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, for the load balancer's HTTPS listener"
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer"
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks, the database and Redis (with a NAT gateway: providers are on the internet)"
  type        = list(string)
}

variable "studio_count" {
  description = "API servers behind the load balancer"
  type        = number
  default     = 2
}

variable "worker_count" {
  description = "Run workers"
  type        = number
  default     = 2
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "redis_node_type" {
  type    = string
  default = "cache.t4g.small"
}

variable "extra_secrets" {
  description = "More environment variables read from Secrets Manager or SSM: name => ARN, e.g. OPENAI_API_KEY, REPLICATE_API_TOKEN, SENTRY_DSN, SLACK_WEBHOOK_URL"
  type        = map(string)
  default     = {}
}
