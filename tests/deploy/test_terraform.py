"""The Terraform example for ECS, without Terraform: it parses as HCL, names only what it declares, runs commands
`karate` accepts and sets only settings the studio reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import hcl2
import pytest

from tests.deploy.files import AWS_VARIABLES, DEPLOY, check_karate_command, setting_variables

TERRAFORM = DEPLOY / "terraform"
FILES = sorted(TERRAFORM.glob("*.tf"))
# References inside expressions: var.x, local.x, data.type.name, type.name (resources start with their provider).
REFERENCE = re.compile(r"(?<![\w.])(var|local|data\.\w+|aws_\w+|random_\w+)\.(\w+)")
COMMAND = re.compile(r'^\s*command\s*=\s*(\["karate"[^\]]*\])', re.M)  # a container's command, not a health check's
VARIABLE_NAME = re.compile(r"\bname\s*=\s*\"([A-Z][A-Z0-9_]*)\"")


def unquote(key: str) -> str:
    return key.strip('"')


def blocks(kind: str) -> list[dict[str, Any]]:
    parsed = [hcl2.loads(path.read_text()) for path in FILES]
    return [block for document in parsed for block in document.get(kind, [])]


def declared() -> set[tuple[str, str]]:
    names = {("var", unquote(name)) for block in blocks("variable") for name in block}
    names |= {("local", unquote(name)) for block in blocks("locals") for name in block if not name.startswith("__")}
    for kind, prefix in (("resource", ""), ("data", "data.")):
        for block in blocks(kind):
            for type_, instances in block.items():
                names |= {(prefix + unquote(type_), unquote(name)) for name in instances}
    return names


def test_every_file_parses_as_hcl() -> None:
    assert {path.name for path in FILES} >= {"main.tf", "variables.tf", "outputs.tf"}
    for path in FILES:
        assert hcl2.loads(path.read_text()), f"{path.name} is empty"


def test_every_reference_is_declared() -> None:
    known = declared()
    for path in FILES:
        for match in REFERENCE.finditer(path.read_text()):
            assert (match[1], match[2]) in known, f"{path.name}: {match[0]} is not declared"


def test_the_example_runs_servers_workers_and_the_shared_services() -> None:
    resources = {unquote(type_) for block in blocks("resource") for type_ in block}
    assert {"aws_ecs_service", "aws_db_instance", "aws_elasticache_cluster", "aws_s3_bucket", "aws_lb"} <= resources
    services = {
        unquote(name)
        for block in blocks("resource")
        for type_, instances in block.items()
        if unquote(type_) == "aws_ecs_service"
        for name in instances
    }
    assert {"studio", "worker"} <= services


def test_container_commands_are_karate_commands() -> None:
    found = [list(ast.literal_eval(match)) for match in COMMAND.findall((TERRAFORM / "main.tf").read_text())]
    assert {tuple(command[:2]) for command in found} == {("karate", "serve"), ("karate", "worker")}
    for command in found:
        check_karate_command(command)


def test_the_migration_task_runs_karate_migrate() -> None:
    outputs = (TERRAFORM / "outputs.tf").read_text()
    override = re.search(r'\\"command\\":\[(.*?)\]', outputs)
    assert override
    check_karate_command([word.strip('\\"') for word in override[1].split(",")])


def test_every_variable_set_on_the_tasks_is_a_setting() -> None:
    text = (TERRAFORM / "main.tf").read_text()
    names = set(VARIABLE_NAME.findall(text))
    assert "KARATE_DATABASE_URL" in names and "KARATE_STORAGE_URL" in names
    unknown = names - setting_variables() - AWS_VARIABLES
    assert not unknown, f"the tasks set variables the studio does not read: {sorted(unknown)}"


@pytest.mark.parametrize("path", FILES, ids=lambda path: Path(path).name)
def test_no_secret_is_written_in_the_files(path: Path) -> None:
    text = path.read_text()
    assert not re.search(r"(?i)(password|secret|token|key)\s*=\s*\"[^\"$]{8,}\"", text), path.name
