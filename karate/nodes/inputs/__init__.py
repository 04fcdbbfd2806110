"""Nodes that bring values into a workflow: prompts, numbers, images, videos."""
