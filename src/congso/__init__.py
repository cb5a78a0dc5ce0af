"""Congso: the digital gateway of a Vietnamese province."""
