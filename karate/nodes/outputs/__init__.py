"""Nodes that deliver results: saved files."""
