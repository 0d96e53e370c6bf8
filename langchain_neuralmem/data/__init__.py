"""Dialogues and where they come from: the LoCoMo and bAbI readers and our own generators."""
