"""Tests of the natural-language builder: the planners, their validation and the plan endpoint."""
