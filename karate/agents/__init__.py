"""Agents: the natural-language builder (`plan`), which turns an instruction into a graph patch."""
