"""Karate AI – Design Studio: a node-based AI workspace with a fast, caching execution engine."""

__version__ = "0.1.0"
