"""Editing tools that run locally with numpy and OpenCV."""
